-- Motif (local-feature) matches on infringement cases, and the officer's review of automatic matches.
ALTER TABLE "CaseMatch" ADD COLUMN "inliers" INTEGER;
ALTER TABLE "CaseMatch" ADD COLUMN "region" TEXT;
ALTER TABLE "CaseMatch" ADD COLUMN "lines" TEXT;
ALTER TABLE "CaseMatch" ADD COLUMN "review" TEXT;
ALTER TABLE "CaseMatch" ADD COLUMN "reviewedById" TEXT;
ALTER TABLE "CaseMatch" ADD COLUMN "reviewedAt" DATETIME;
