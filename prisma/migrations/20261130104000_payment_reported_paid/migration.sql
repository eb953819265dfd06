-- "I have paid" with an optional transfer slip (Kilnmark issue 14, item 4)
ALTER TABLE "Payment" ADD COLUMN "reportedPaidAt" DATETIME;
ALTER TABLE "Payment" ADD COLUMN "slipSha256" TEXT;
ALTER TABLE "Payment" ADD COLUMN "slipMime" TEXT;
ALTER TABLE "Payment" ADD COLUMN "slipName" TEXT;
ALTER TABLE "Payment" ADD COLUMN "slipSizeBytes" INTEGER;
