-- One yearly-number allocator for registrations, licences and cases (issue 13): "YearlySequence"
-- replaces "RegistrationSequence" and the max-plus-one reads of licence and case numbers. The
-- counters start where the numbers already issued left off.
CREATE TABLE "YearlySequence" (
    "scope" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("scope", "year")
);

INSERT INTO "YearlySequence" ("scope", "year", "last")
SELECT 'registration', "year", "last" FROM "RegistrationSequence";

-- JDZL-YYYY-NNNNNN-C
INSERT INTO "YearlySequence" ("scope", "year", "last")
SELECT 'license', CAST(substr("licenseNumber", 6, 4) AS INTEGER), max(CAST(substr("licenseNumber", 11, 6) AS INTEGER))
FROM "Deal" WHERE "licenseNumber" IS NOT NULL GROUP BY 2;

-- KM-C-YYYY-NNNNNN
INSERT INTO "YearlySequence" ("scope", "year", "last")
SELECT 'case', CAST(substr("number", 6, 4) AS INTEGER), max(CAST(substr("number", 11, 6) AS INTEGER))
FROM "InfringementCase" GROUP BY 2;

DROP TABLE "RegistrationSequence";
