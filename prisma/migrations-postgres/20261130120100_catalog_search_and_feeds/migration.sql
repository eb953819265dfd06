-- What Prisma cannot model, on PostgreSQL (the SQLite side: migrations 20261130091045 and
-- 20261130093000). Kept by triggers, so every writer (the app on any instance, an import script)
-- keeps them current inside its own transaction.
--
-- 1. The similarity index's change feed ("ViewIndexChange"), polled by every instance.
-- 2. The catalog's facet counts ("CatalogFacet") — no request scans every work.
-- 3. Catalog search: "WorkSearch" holds one lower-cased document per public registered work
--    (registration number, titles, descriptions, makers, owner) under a pg_trgm GIN index, which
--    serves LIKE '%term%' for terms of any length (C.UTF-8 classifies CJK as letters).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- ─── 1. Change feed ──────────────────────────────────────────────────────────────
-- A reader must never see seq N+1 committed while N is still in flight (it would move its cursor
-- past N for good). The advisory lock, taken before the sequence is drawn and held to commit,
-- makes feed writers commit in seq order. The Work trigger is named to fire before the facet
-- trigger, so every transaction takes this lock before the facet rows (one order: no deadlock).
CREATE FUNCTION "kilnmark_view_index_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(72707002);
  IF TG_TABLE_NAME = 'WorkView' THEN
    IF TG_OP = 'DELETE' THEN
      INSERT INTO "ViewIndexChange" ("viewId") VALUES (OLD."id");
    ELSE
      INSERT INTO "ViewIndexChange" ("viewId") VALUES (NEW."id");
    END IF;
  ELSE
    INSERT INTO "ViewIndexChange" ("viewId") SELECT "id" FROM "WorkView" WHERE "workId" = NEW."id";
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "WorkView_index_insert" AFTER INSERT ON "WorkView" FOR EACH ROW EXECUTE FUNCTION "kilnmark_view_index_change"();
CREATE TRIGGER "WorkView_index_update" AFTER UPDATE OF "pdq", "workId" ON "WorkView" FOR EACH ROW EXECUTE FUNCTION "kilnmark_view_index_change"();
CREATE TRIGGER "WorkView_index_delete" AFTER DELETE ON "WorkView" FOR EACH ROW EXECUTE FUNCTION "kilnmark_view_index_change"();
CREATE TRIGGER "Work_a_index_status" AFTER UPDATE OF "status" ON "Work" FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status") EXECUTE FUNCTION "kilnmark_view_index_change"();

-- ─── 2. Facet counts ─────────────────────────────────────────────────────────────
-- techniques is JSON text; a malformed value counts as no technique (as json_valid does on SQLite).
CREATE FUNCTION "kilnmark_json_texts"(value text) RETURNS SETOF text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN QUERY SELECT t FROM jsonb_array_elements_text(value::jsonb) t;
EXCEPTION WHEN others THEN
  RETURN;
END $$;

-- The (facet, key, label) rows a work counts in: none unless it is listed (registered with a
-- number); category and technique only when public. "year" is the UTC registration year.
CREATE FUNCTION "kilnmark_catalog_facet_keys"(w "Work") RETURNS TABLE ("f" text, "k" text, "l" text) LANGUAGE sql STABLE AS $$
  SELECT * FROM (
    SELECT 'all'::text, ''::text, ''::text
    UNION ALL SELECT 'owner', CASE WHEN w."ownerOrgId" IS NOT NULL THEN 'org:' || w."ownerOrgId" ELSE 'user:' || w."ownerUserId" END, w."ownerName"
      WHERE w."ownerOrgId" IS NOT NULL OR w."ownerUserId" IS NOT NULL
    UNION ALL SELECT 'year', to_char(w."registeredAt", 'YYYY'), '' WHERE w."registeredAt" IS NOT NULL
    UNION ALL SELECT 'category', w."category", '' WHERE w."visibility" = 'public'
    UNION ALL SELECT DISTINCT 'technique', t, '' FROM "kilnmark_json_texts"(w."techniques") t WHERE w."visibility" = 'public'
  ) keys
  WHERE w."status" = 'registered' AND w."registrationNumber" IS NOT NULL
$$;

-- Rows are touched one at a time in one order, so two transactions never wait on each other crosswise.
CREATE FUNCTION "kilnmark_catalog_facets"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    FOR r IN SELECT * FROM "kilnmark_catalog_facet_keys"(OLD) ORDER BY 1, 2, 3 LOOP
      UPDATE "CatalogFacet" SET "works" = "works" - 1 WHERE "facet" = r."f" AND "key" = r."k" AND "label" = r."l";
      DELETE FROM "CatalogFacet" WHERE "facet" = r."f" AND "key" = r."k" AND "label" = r."l" AND "works" <= 0;
    END LOOP;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    FOR r IN SELECT * FROM "kilnmark_catalog_facet_keys"(NEW) ORDER BY 1, 2, 3 LOOP
      INSERT INTO "CatalogFacet" ("facet", "key", "label", "works") VALUES (r."f", r."k", r."l", 1)
      ON CONFLICT ("facet", "key", "label") DO UPDATE SET "works" = "CatalogFacet"."works" + 1;
    END LOOP;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Work_catalog_facets_insert" AFTER INSERT ON "Work" FOR EACH ROW
  WHEN (NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL) EXECUTE FUNCTION "kilnmark_catalog_facets"();
CREATE TRIGGER "Work_catalog_facets_update" AFTER UPDATE OF "status", "visibility", "registrationNumber", "registeredAt", "ownerUserId", "ownerOrgId", "ownerName", "category", "techniques" ON "Work" FOR EACH ROW
  WHEN ((OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL) OR (NEW."status" = 'registered' AND NEW."registrationNumber" IS NOT NULL))
  EXECUTE FUNCTION "kilnmark_catalog_facets"();
CREATE TRIGGER "Work_catalog_facets_delete" AFTER DELETE ON "Work" FOR EACH ROW
  WHEN (OLD."status" = 'registered' AND OLD."registrationNumber" IS NOT NULL) EXECUTE FUNCTION "kilnmark_catalog_facets"();

-- ─── 3. Search documents ─────────────────────────────────────────────────────────
CREATE TABLE "WorkSearch" (
  "workId" TEXT PRIMARY KEY REFERENCES "Work"("id") ON DELETE CASCADE,
  "document" TEXT NOT NULL
);
CREATE INDEX "WorkSearch_document_trgm" ON "WorkSearch" USING gin ("document" gin_trgm_ops);

-- Rebuilds one work's document: present only while it is public and listed. Fields are joined by
-- a line break, so a term never matches across two fields.
CREATE FUNCTION "kilnmark_refresh_work_search"(work_id text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "WorkSearch" WHERE "workId" = work_id;
  INSERT INTO "WorkSearch" ("workId", "document")
  SELECT w."id", lower(concat_ws(E'\n', w."registrationNumber", w."titleZh", w."titleEn", w."descriptionZh", w."descriptionEn",
           (SELECT string_agg(a."name" || ' ' || a."nameEn", E'\n' ORDER BY a."id") FROM "Author" a WHERE a."workId" = w."id"),
           w."ownerName"))
  FROM "Work" w
  WHERE w."id" = work_id AND w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public';
END $$;

CREATE FUNCTION "kilnmark_work_search"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'Work' THEN
    PERFORM "kilnmark_refresh_work_search"(NEW."id");
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "kilnmark_refresh_work_search"(OLD."workId");
  ELSE
    PERFORM "kilnmark_refresh_work_search"(NEW."workId");
    IF TG_OP = 'UPDATE' AND OLD."workId" IS DISTINCT FROM NEW."workId" THEN
      PERFORM "kilnmark_refresh_work_search"(OLD."workId");
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Work_search_insert" AFTER INSERT ON "Work" FOR EACH ROW
  WHEN (NEW."status" = 'registered') EXECUTE FUNCTION "kilnmark_work_search"();
CREATE TRIGGER "Work_search_update" AFTER UPDATE OF "status", "visibility", "registrationNumber", "titleZh", "titleEn", "descriptionZh", "descriptionEn", "ownerName" ON "Work" FOR EACH ROW
  WHEN (OLD."status" = 'registered' OR NEW."status" = 'registered') EXECUTE FUNCTION "kilnmark_work_search"();
CREATE TRIGGER "Author_search" AFTER INSERT OR UPDATE OR DELETE ON "Author" FOR EACH ROW EXECUTE FUNCTION "kilnmark_work_search"();
