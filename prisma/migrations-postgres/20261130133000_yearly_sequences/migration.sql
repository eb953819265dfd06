-- One yearly-number allocator for registrations, licences and cases (see the SQLite migration of
-- the same name): "YearlySequence" replaces "RegistrationSequence", counters start where the
-- numbers already issued left off.
CREATE TABLE "YearlySequence" (
    "scope" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "YearlySequence_pkey" PRIMARY KEY ("scope","year")
);

INSERT INTO "YearlySequence" ("scope", "year", "last")
SELECT 'registration', "year", "last" FROM "RegistrationSequence";

INSERT INTO "YearlySequence" ("scope", "year", "last")
SELECT 'license', CAST(substr("licenseNumber", 6, 4) AS INTEGER), max(CAST(substr("licenseNumber", 11, 6) AS INTEGER))
FROM "Deal" WHERE "licenseNumber" IS NOT NULL GROUP BY 2;

INSERT INTO "YearlySequence" ("scope", "year", "last")
SELECT 'case', CAST(substr("number", 6, 4) AS INTEGER), max(CAST(substr("number", 11, 6) AS INTEGER))
FROM "InfringementCase" GROUP BY 2;

DROP TABLE "RegistrationSequence";
