-- A case that disputes a work's own ownership or validity (only those hold up licensing)
ALTER TABLE "CaseWork" ADD COLUMN "disputesOwnership" BOOLEAN NOT NULL DEFAULT false;
