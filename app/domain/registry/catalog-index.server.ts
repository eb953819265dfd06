/**
 * The catalog's read side against the database: facet counts, the total, one page of works —
 * read in one snapshot. One interface, one implementation per database with all of its SQL in
 * one file:
 *   - SQLite: catalog-index-sqlite.server.ts (FTS5 trigram table, counts kept by triggers);
 *   - PostgreSQL: catalog-index-postgres.server.ts (pg_trgm GIN index over one search document
 *     per work, the same trigger-kept "CatalogFacet" table).
 * The rules shared by both (terms, paging window, totals from facets) are in catalog-query.ts.
 * What the public may see (sealed works) is decided by the caller (search-catalog.server.ts) and
 * passed in as `publicOnly`; the search tables hold public works only, whatever the caller asks.
 */
import { getEnv } from "~/utils/env.server";
import type { WorkRecord } from "./work-record";
import type { CatalogFacetCounts, CatalogWhere, PageWindow } from "./catalog-query";
import { sqliteCatalogIndex } from "./catalog-index-sqlite.server";
import { postgresCatalogIndex } from "./catalog-index-postgres.server";

export type CatalogRow = {
  id: string;
  registrationNumber: string;
  visibility: string;
  titleZh: string;
  titleEn: string;
  category: string;
  /** JSON array of technique codes, as stored. */
  techniques: string;
  ownerName: string;
  /** ISO-8601, UTC. */
  registeredAt: string | null;
  frontSha256: string | null;
};

/** totalCapped: the count stopped at COUNT_CAP (catalog-query.ts); there are more. */
export type CatalogRead = { facets: CatalogFacetCounts; total: number; totalCapped: boolean; window: PageWindow; rows: CatalogRow[] };

export interface CatalogIndex {
  /** Newest registration first (ties: higher registration number first). */
  read(query: { where: CatalogWhere; page: number; pageSize: number }): Promise<CatalogRead>;
  /**
   * A work by its (normalised) registration number, with its makers, views, published offers and
   * certificate, in one snapshot — whatever its status or visibility: the caller applies the
   * access rules (getWorkForViewer). The public work page's read.
   */
  work(registrationNumber: string): Promise<WorkRecord | null>;
}

export function catalogIndex(): CatalogIndex {
  const url = getEnv().DATABASE_URL;
  if (url.startsWith("file:")) return sqliteCatalogIndex(url);
  return postgresCatalogIndex();
}
