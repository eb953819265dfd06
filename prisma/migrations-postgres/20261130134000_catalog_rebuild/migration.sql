-- Rebuilds the catalog's derived tables ("CatalogFacet", "WorkSearch") from "Work" and "Author"
-- in two set-based statements: after a bulk load with triggers off (the catalog bench grows
-- 100,000 works this way), or to repair them. The triggers keep both current otherwise.
CREATE FUNCTION "kilnmark_rebuild_catalog"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "CatalogFacet";
  INSERT INTO "CatalogFacet" ("facet", "key", "label", "works")
  SELECT k."f", k."k", k."l", count(*) FROM "Work" w CROSS JOIN LATERAL "kilnmark_catalog_facet_keys"(w) k GROUP BY 1, 2, 3;

  DELETE FROM "WorkSearch";
  INSERT INTO "WorkSearch" ("workId", "document")
  SELECT w."id", lower(concat_ws(E'\n', w."registrationNumber", w."titleZh", w."titleEn", w."descriptionZh", w."descriptionEn",
           (SELECT string_agg(a."name" || ' ' || a."nameEn", E'\n' ORDER BY a."id") FROM "Author" a WHERE a."workId" = w."id"),
           w."ownerName"))
  FROM "Work" w
  WHERE w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public';
END $$;
