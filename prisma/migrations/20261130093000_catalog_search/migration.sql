-- The public catalog at scale (issue 12): an indexed order for paging, full-text search over
-- public registered works (FTS5, trigram tokenizer: substrings of 3+ characters, Chinese without
-- a segmenter), and facet counts kept current by triggers so no request scans every work.
--
-- "Listed" = status 'registered' with a registration number (what the catalog shows).
-- "Searchable" = listed and public: a sealed work's title, description, makers, category and
-- techniques never enter the search table or the category/technique counts.
-- Every WorkSearch column value ends in two spaces, so each character starts an indexed trigram:
-- terms of one or two characters are found as prefix ranges in "WorkSearchTerms" (fts5vocab).
--
-- Prisma cannot model the FTS5 table or triggers. A later migration that redefines "Work" or
-- "Author" (Prisma's RedefineTables: CREATE new_Work … DROP "Work") drops these triggers with the
-- old table: re-create them there (tests/integration/catalog-search.test.ts checks they exist).

-- CreateIndex
CREATE INDEX "Author_workId_idx" ON "Author"("workId");

-- CreateIndex
CREATE INDEX "Work_status_registeredAt_registrationNumber_idx" ON "Work"("status", "registeredAt", "registrationNumber");

-- CreateTable
CREATE TABLE "CatalogFacet" (
    "facet" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "works" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("facet", "key", "label")
);

-- CreateTable
CREATE TABLE "CatalogSearchRow" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "workId" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "CatalogSearchRow_workId_key" ON "CatalogSearchRow"("workId");

-- The search text of one searchable work; rowid = CatalogSearchRow.id (a stable integer key:
-- Work's own rowid is renumbered when Prisma redefines the table).
CREATE VIRTUAL TABLE "WorkSearch" USING fts5(
    "registrationNumber", "titleZh", "titleEn", "descriptionZh", "descriptionEn", "makers", "ownerName",
    tokenize = 'trigram'
);

-- The trigrams of WorkSearch with the row and column of each occurrence: a term of one or two
-- characters (shorter than a trigram) is looked up as a prefix range of indexed trigrams.
CREATE VIRTUAL TABLE "WorkSearchTerms" USING fts5vocab("WorkSearch", 'instance');

-- Backfill: existing searchable works, their search text, and the facet counts.
INSERT INTO "CatalogSearchRow" ("workId")
SELECT "id" FROM "Work"
WHERE "status" = 'registered' AND "registrationNumber" IS NOT NULL AND "visibility" = 'public'
ORDER BY "registeredAt", "registrationNumber";

INSERT INTO "WorkSearch" ("rowid", "registrationNumber", "titleZh", "titleEn", "descriptionZh", "descriptionEn", "makers", "ownerName")
SELECT r."id", w."registrationNumber" || '  ',
       w."titleZh" || '  ',
       w."titleEn" || '  ',
       w."descriptionZh" || '  ',
       w."descriptionEn" || '  ',
       coalesce((SELECT group_concat(a."name" || ' ' || a."nameEn", ' ') FROM "Author" a WHERE a."workId" = w."id"), '') || '  ',
       w."ownerName" || '  '
FROM "CatalogSearchRow" r JOIN "Work" w ON w."id" = r."workId";

INSERT INTO "CatalogFacet" ("facet", "key", "label", "works")
SELECT 'all', '', '', count(*) FROM "Work" WHERE "status" = 'registered' AND "registrationNumber" IS NOT NULL HAVING count(*) > 0;

INSERT INTO "CatalogFacet" ("facet", "key", "label", "works")
SELECT 'owner', CASE WHEN "ownerOrgId" IS NOT NULL THEN 'org:' || "ownerOrgId" ELSE 'user:' || "ownerUserId" END, "ownerName", count(*)
FROM "Work" WHERE "status" = 'registered' AND "registrationNumber" IS NOT NULL AND ("ownerOrgId" IS NOT NULL OR "ownerUserId" IS NOT NULL)
GROUP BY 2, 3;

INSERT INTO "CatalogFacet" ("facet", "key", "label", "works")
SELECT 'year', substr("registeredAt", 1, 4), '', count(*)
FROM "Work" WHERE "status" = 'registered' AND "registrationNumber" IS NOT NULL AND "registeredAt" IS NOT NULL
GROUP BY 2;

INSERT INTO "CatalogFacet" ("facet", "key", "label", "works")
SELECT 'category', "category", '', count(*)
FROM "Work" WHERE "status" = 'registered' AND "registrationNumber" IS NOT NULL AND "visibility" = 'public'
GROUP BY 2;

INSERT INTO "CatalogFacet" ("facet", "key", "label", "works")
SELECT 'technique', t."value", '', count(DISTINCT w."id")
FROM "Work" w, json_each(CASE WHEN json_valid(w."techniques") THEN w."techniques" ELSE '[]' END) t
WHERE w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public' AND t."type" = 'text'
GROUP BY 2;


-- Facet counts: one row per (facet, key, label) while works > 0. "owner" keys are user:<id> /
-- org:<id> with the public owner name as label; "year" is the UTC registration year (the
-- catalog's year filter); "category" and "technique" count public works only.
CREATE TRIGGER "Work_catalog_facets_insert" AFTER INSERT ON "Work" WHEN NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL BEGIN
  INSERT INTO "CatalogFacet" ("facet", "key", "label", "works")
  SELECT "f", "k", "l", 1 FROM (
    SELECT 'all' AS "f", '' AS "k", '' AS "l" WHERE NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL
    UNION ALL SELECT 'owner', CASE WHEN NEW."ownerOrgId" IS NOT NULL THEN 'org:' || NEW."ownerOrgId" ELSE 'user:' || NEW."ownerUserId" END, NEW."ownerName"
      WHERE NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL AND (NEW."ownerOrgId" IS NOT NULL OR NEW."ownerUserId" IS NOT NULL)
    UNION ALL SELECT 'year', substr(NEW."registeredAt", 1, 4), '' WHERE NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL AND NEW."registeredAt" IS NOT NULL
    UNION ALL SELECT 'category', NEW."category", '' WHERE NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL AND NEW."visibility" = 'public'
    UNION ALL SELECT DISTINCT 'technique', t."value", '' FROM json_each(CASE WHEN json_valid(NEW."techniques") THEN NEW."techniques" ELSE '[]' END) t WHERE NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL AND NEW."visibility" = 'public' AND t."type" = 'text'
  ) WHERE true
  ON CONFLICT ("facet", "key", "label") DO UPDATE SET "works" = "works" + 1;
END;

CREATE TRIGGER "Work_catalog_facets_update" AFTER UPDATE OF "status", "visibility", "registrationNumber", "registeredAt", "ownerUserId", "ownerOrgId", "ownerName", "category", "techniques" ON "Work"
WHEN (OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL) OR (NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL) BEGIN
  UPDATE "CatalogFacet" SET "works" = "works" - 1 WHERE ("facet", "key", "label") IN (
    SELECT 'all' AS "f", '' AS "k", '' AS "l" WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL
    UNION ALL SELECT 'owner', CASE WHEN OLD."ownerOrgId" IS NOT NULL THEN 'org:' || OLD."ownerOrgId" ELSE 'user:' || OLD."ownerUserId" END, OLD."ownerName"
      WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND (OLD."ownerOrgId" IS NOT NULL OR OLD."ownerUserId" IS NOT NULL)
    UNION ALL SELECT 'year', substr(OLD."registeredAt", 1, 4), '' WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND OLD."registeredAt" IS NOT NULL
    UNION ALL SELECT 'category', OLD."category", '' WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND OLD."visibility" = 'public'
    UNION ALL SELECT DISTINCT 'technique', t."value", '' FROM json_each(CASE WHEN json_valid(OLD."techniques") THEN OLD."techniques" ELSE '[]' END) t WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND OLD."visibility" = 'public' AND t."type" = 'text'
  );
  DELETE FROM "CatalogFacet" WHERE "works" <= 0 AND ("facet", "key", "label") IN (
    SELECT 'all' AS "f", '' AS "k", '' AS "l" WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL
    UNION ALL SELECT 'owner', CASE WHEN OLD."ownerOrgId" IS NOT NULL THEN 'org:' || OLD."ownerOrgId" ELSE 'user:' || OLD."ownerUserId" END, OLD."ownerName"
      WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND (OLD."ownerOrgId" IS NOT NULL OR OLD."ownerUserId" IS NOT NULL)
    UNION ALL SELECT 'year', substr(OLD."registeredAt", 1, 4), '' WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND OLD."registeredAt" IS NOT NULL
    UNION ALL SELECT 'category', OLD."category", '' WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND OLD."visibility" = 'public'
    UNION ALL SELECT DISTINCT 'technique', t."value", '' FROM json_each(CASE WHEN json_valid(OLD."techniques") THEN OLD."techniques" ELSE '[]' END) t WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND OLD."visibility" = 'public' AND t."type" = 'text'
  );
  INSERT INTO "CatalogFacet" ("facet", "key", "label", "works")
  SELECT "f", "k", "l", 1 FROM (
    SELECT 'all' AS "f", '' AS "k", '' AS "l" WHERE NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL
    UNION ALL SELECT 'owner', CASE WHEN NEW."ownerOrgId" IS NOT NULL THEN 'org:' || NEW."ownerOrgId" ELSE 'user:' || NEW."ownerUserId" END, NEW."ownerName"
      WHERE NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL AND (NEW."ownerOrgId" IS NOT NULL OR NEW."ownerUserId" IS NOT NULL)
    UNION ALL SELECT 'year', substr(NEW."registeredAt", 1, 4), '' WHERE NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL AND NEW."registeredAt" IS NOT NULL
    UNION ALL SELECT 'category', NEW."category", '' WHERE NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL AND NEW."visibility" = 'public'
    UNION ALL SELECT DISTINCT 'technique', t."value", '' FROM json_each(CASE WHEN json_valid(NEW."techniques") THEN NEW."techniques" ELSE '[]' END) t WHERE NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL AND NEW."visibility" = 'public' AND t."type" = 'text'
  ) WHERE true
  ON CONFLICT ("facet", "key", "label") DO UPDATE SET "works" = "works" + 1;
END;

CREATE TRIGGER "Work_catalog_facets_delete" AFTER DELETE ON "Work" WHEN OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL BEGIN
  UPDATE "CatalogFacet" SET "works" = "works" - 1 WHERE ("facet", "key", "label") IN (
    SELECT 'all' AS "f", '' AS "k", '' AS "l" WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL
    UNION ALL SELECT 'owner', CASE WHEN OLD."ownerOrgId" IS NOT NULL THEN 'org:' || OLD."ownerOrgId" ELSE 'user:' || OLD."ownerUserId" END, OLD."ownerName"
      WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND (OLD."ownerOrgId" IS NOT NULL OR OLD."ownerUserId" IS NOT NULL)
    UNION ALL SELECT 'year', substr(OLD."registeredAt", 1, 4), '' WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND OLD."registeredAt" IS NOT NULL
    UNION ALL SELECT 'category', OLD."category", '' WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND OLD."visibility" = 'public'
    UNION ALL SELECT DISTINCT 'technique', t."value", '' FROM json_each(CASE WHEN json_valid(OLD."techniques") THEN OLD."techniques" ELSE '[]' END) t WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND OLD."visibility" = 'public' AND t."type" = 'text'
  );
  DELETE FROM "CatalogFacet" WHERE "works" <= 0 AND ("facet", "key", "label") IN (
    SELECT 'all' AS "f", '' AS "k", '' AS "l" WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL
    UNION ALL SELECT 'owner', CASE WHEN OLD."ownerOrgId" IS NOT NULL THEN 'org:' || OLD."ownerOrgId" ELSE 'user:' || OLD."ownerUserId" END, OLD."ownerName"
      WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND (OLD."ownerOrgId" IS NOT NULL OR OLD."ownerUserId" IS NOT NULL)
    UNION ALL SELECT 'year', substr(OLD."registeredAt", 1, 4), '' WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND OLD."registeredAt" IS NOT NULL
    UNION ALL SELECT 'category', OLD."category", '' WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND OLD."visibility" = 'public'
    UNION ALL SELECT DISTINCT 'technique', t."value", '' FROM json_each(CASE WHEN json_valid(OLD."techniques") THEN OLD."techniques" ELSE '[]' END) t WHERE OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND OLD."visibility" = 'public' AND t."type" = 'text'
  );
END;

-- Search text of searchable works (refreshed whole: a work's row is small).
CREATE TRIGGER "Work_catalog_search_insert" AFTER INSERT ON "Work" WHEN NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL AND NEW."visibility" = 'public' BEGIN
  DELETE FROM "WorkSearch" WHERE "rowid" IN (SELECT "id" FROM "CatalogSearchRow" WHERE "workId" = NEW."id");
  DELETE FROM "CatalogSearchRow" WHERE "workId" = NEW."id" AND NOT EXISTS (SELECT 1 FROM "Work" w WHERE w."id" = NEW."id" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public');
  INSERT OR IGNORE INTO "CatalogSearchRow" ("workId") SELECT w."id" FROM "Work" w WHERE w."id" = NEW."id" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public';
  INSERT INTO "WorkSearch" ("rowid", "registrationNumber", "titleZh", "titleEn", "descriptionZh", "descriptionEn", "makers", "ownerName")
  SELECT r."id", w."registrationNumber" || '  ',
         w."titleZh" || '  ',
         w."titleEn" || '  ',
         w."descriptionZh" || '  ',
         w."descriptionEn" || '  ',
         coalesce((SELECT group_concat(a."name" || ' ' || a."nameEn", ' ') FROM "Author" a WHERE a."workId" = w."id"), '') || '  ',
         w."ownerName" || '  '
  FROM "Work" w JOIN "CatalogSearchRow" r ON r."workId" = w."id" WHERE w."id" = NEW."id" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public';
END;

CREATE TRIGGER "Work_catalog_search_update" AFTER UPDATE OF "status", "visibility", "registrationNumber", "titleZh", "titleEn", "descriptionZh", "descriptionEn", "ownerName" ON "Work"
WHEN (OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL AND OLD."visibility" = 'public') OR (NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL AND NEW."visibility" = 'public') BEGIN
  DELETE FROM "WorkSearch" WHERE "rowid" IN (SELECT "id" FROM "CatalogSearchRow" WHERE "workId" = NEW."id");
  DELETE FROM "CatalogSearchRow" WHERE "workId" = NEW."id" AND NOT EXISTS (SELECT 1 FROM "Work" w WHERE w."id" = NEW."id" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public');
  INSERT OR IGNORE INTO "CatalogSearchRow" ("workId") SELECT w."id" FROM "Work" w WHERE w."id" = NEW."id" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public';
  INSERT INTO "WorkSearch" ("rowid", "registrationNumber", "titleZh", "titleEn", "descriptionZh", "descriptionEn", "makers", "ownerName")
  SELECT r."id", w."registrationNumber" || '  ',
         w."titleZh" || '  ',
         w."titleEn" || '  ',
         w."descriptionZh" || '  ',
         w."descriptionEn" || '  ',
         coalesce((SELECT group_concat(a."name" || ' ' || a."nameEn", ' ') FROM "Author" a WHERE a."workId" = w."id"), '') || '  ',
         w."ownerName" || '  '
  FROM "Work" w JOIN "CatalogSearchRow" r ON r."workId" = w."id" WHERE w."id" = NEW."id" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public';
END;

CREATE TRIGGER "Work_catalog_search_delete" AFTER DELETE ON "Work" WHEN EXISTS (SELECT 1 FROM "CatalogSearchRow" r WHERE r."workId" = OLD."id") BEGIN
  DELETE FROM "WorkSearch" WHERE "rowid" IN (SELECT "id" FROM "CatalogSearchRow" WHERE "workId" = OLD."id");
  DELETE FROM "CatalogSearchRow" WHERE "workId" = OLD."id";
END;

CREATE TRIGGER "Author_catalog_search_insert" AFTER INSERT ON "Author" WHEN EXISTS (SELECT 1 FROM "CatalogSearchRow" r WHERE r."workId" = NEW."workId") BEGIN
  DELETE FROM "WorkSearch" WHERE "rowid" IN (SELECT "id" FROM "CatalogSearchRow" WHERE "workId" = NEW."workId");
  DELETE FROM "CatalogSearchRow" WHERE "workId" = NEW."workId" AND NOT EXISTS (SELECT 1 FROM "Work" w WHERE w."id" = NEW."workId" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public');
  INSERT OR IGNORE INTO "CatalogSearchRow" ("workId") SELECT w."id" FROM "Work" w WHERE w."id" = NEW."workId" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public';
  INSERT INTO "WorkSearch" ("rowid", "registrationNumber", "titleZh", "titleEn", "descriptionZh", "descriptionEn", "makers", "ownerName")
  SELECT r."id", w."registrationNumber" || '  ',
         w."titleZh" || '  ',
         w."titleEn" || '  ',
         w."descriptionZh" || '  ',
         w."descriptionEn" || '  ',
         coalesce((SELECT group_concat(a."name" || ' ' || a."nameEn", ' ') FROM "Author" a WHERE a."workId" = w."id"), '') || '  ',
         w."ownerName" || '  '
  FROM "Work" w JOIN "CatalogSearchRow" r ON r."workId" = w."id" WHERE w."id" = NEW."workId" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public';
END;

CREATE TRIGGER "Author_catalog_search_update" AFTER UPDATE OF "workId", "name", "nameEn" ON "Author"
WHEN EXISTS (SELECT 1 FROM "CatalogSearchRow" r WHERE r."workId" = OLD."workId") OR EXISTS (SELECT 1 FROM "CatalogSearchRow" r WHERE r."workId" = NEW."workId") BEGIN
  DELETE FROM "WorkSearch" WHERE "rowid" IN (SELECT "id" FROM "CatalogSearchRow" WHERE "workId" = OLD."workId");
  DELETE FROM "CatalogSearchRow" WHERE "workId" = OLD."workId" AND NOT EXISTS (SELECT 1 FROM "Work" w WHERE w."id" = OLD."workId" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public');
  INSERT OR IGNORE INTO "CatalogSearchRow" ("workId") SELECT w."id" FROM "Work" w WHERE w."id" = OLD."workId" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public';
  INSERT INTO "WorkSearch" ("rowid", "registrationNumber", "titleZh", "titleEn", "descriptionZh", "descriptionEn", "makers", "ownerName")
  SELECT r."id", w."registrationNumber" || '  ',
         w."titleZh" || '  ',
         w."titleEn" || '  ',
         w."descriptionZh" || '  ',
         w."descriptionEn" || '  ',
         coalesce((SELECT group_concat(a."name" || ' ' || a."nameEn", ' ') FROM "Author" a WHERE a."workId" = w."id"), '') || '  ',
         w."ownerName" || '  '
  FROM "Work" w JOIN "CatalogSearchRow" r ON r."workId" = w."id" WHERE w."id" = OLD."workId" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public';
  DELETE FROM "WorkSearch" WHERE "rowid" IN (SELECT "id" FROM "CatalogSearchRow" WHERE "workId" = NEW."workId");
  DELETE FROM "CatalogSearchRow" WHERE "workId" = NEW."workId" AND NOT EXISTS (SELECT 1 FROM "Work" w WHERE w."id" = NEW."workId" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public');
  INSERT OR IGNORE INTO "CatalogSearchRow" ("workId") SELECT w."id" FROM "Work" w WHERE w."id" = NEW."workId" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public';
  INSERT INTO "WorkSearch" ("rowid", "registrationNumber", "titleZh", "titleEn", "descriptionZh", "descriptionEn", "makers", "ownerName")
  SELECT r."id", w."registrationNumber" || '  ',
         w."titleZh" || '  ',
         w."titleEn" || '  ',
         w."descriptionZh" || '  ',
         w."descriptionEn" || '  ',
         coalesce((SELECT group_concat(a."name" || ' ' || a."nameEn", ' ') FROM "Author" a WHERE a."workId" = w."id"), '') || '  ',
         w."ownerName" || '  '
  FROM "Work" w JOIN "CatalogSearchRow" r ON r."workId" = w."id" WHERE w."id" = NEW."workId" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public';
END;

CREATE TRIGGER "Author_catalog_search_delete" AFTER DELETE ON "Author" WHEN EXISTS (SELECT 1 FROM "CatalogSearchRow" r WHERE r."workId" = OLD."workId") BEGIN
  DELETE FROM "WorkSearch" WHERE "rowid" IN (SELECT "id" FROM "CatalogSearchRow" WHERE "workId" = OLD."workId");
  DELETE FROM "CatalogSearchRow" WHERE "workId" = OLD."workId" AND NOT EXISTS (SELECT 1 FROM "Work" w WHERE w."id" = OLD."workId" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public');
  INSERT OR IGNORE INTO "CatalogSearchRow" ("workId") SELECT w."id" FROM "Work" w WHERE w."id" = OLD."workId" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public';
  INSERT INTO "WorkSearch" ("rowid", "registrationNumber", "titleZh", "titleEn", "descriptionZh", "descriptionEn", "makers", "ownerName")
  SELECT r."id", w."registrationNumber" || '  ',
         w."titleZh" || '  ',
         w."titleEn" || '  ',
         w."descriptionZh" || '  ',
         w."descriptionEn" || '  ',
         coalesce((SELECT group_concat(a."name" || ' ' || a."nameEn", ' ') FROM "Author" a WHERE a."workId" = w."id"), '') || '  ',
         w."ownerName" || '  '
  FROM "Work" w JOIN "CatalogSearchRow" r ON r."workId" = w."id" WHERE w."id" = OLD."workId" AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public';
END;
