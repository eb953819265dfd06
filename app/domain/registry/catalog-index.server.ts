/**
 * The catalog's read side against the database: facet counts, totals, the ids of one page.
 * One interface, one implementation per database with all of its SQL in one file:
 *   - SQLite: catalog-index-sqlite.server.ts (FTS5 trigram table, counts kept by triggers);
 *   - PostgreSQL (not built yet): the same over pg_trgm GIN indexes, in catalog-index-pg.server.ts.
 * What the public may see (sealed works) is decided by the caller (search-catalog.server.ts) and
 * passed in as `publicOnly`; the search tables hold public works only, whatever the caller asks.
 */
import type { PrismaClient } from "@prisma/client";
import { getEnv } from "~/utils/env.server";
import type { PageWindow, TextSearch } from "./catalog-query";
import { sqliteCatalogIndex } from "./catalog-index-sqlite.server";

export type CatalogWhere = {
  /** Only works whose details are public (any detail filter or text search sets it). */
  publicOnly: boolean;
  /** Exact registration number. */
  registrationNumber?: string;
  text?: TextSearch;
  category?: string;
  technique?: string;
  owner?: { kind: "user" | "org"; id: string };
  /** Registration time, UTC: from ≤ registeredAt < before. */
  registeredFrom?: Date;
  registeredBefore?: Date;
};

export type CatalogFacetCounts = {
  /** Registered works in the catalog (sealed included). */
  total: number;
  /** Owners with registered works: value "user:<id>" / "org:<id>", the public name, works. */
  owners: { value: string; name: string; works: number }[];
  /** UTC registration year → registered works. */
  years: Map<number, number>;
  /** Public registered works per category / technique code. */
  categories: Map<string, number>;
  techniques: Map<string, number>;
};

export interface CatalogIndex {
  facets(): Promise<CatalogFacetCounts>;
  count(where: CatalogWhere): Promise<number>;
  /** Work ids of one page, newest registration first (ties: higher registration number first). */
  pageIds(where: CatalogWhere, window: PageWindow, total: number): Promise<string[]>;
}

export type RawDb = Pick<PrismaClient, "$queryRawUnsafe">;

export function catalogIndexFor(db: RawDb): CatalogIndex {
  if (getEnv().DATABASE_URL.startsWith("file:")) return sqliteCatalogIndex(db);
  throw new Error("catalog index: only SQLite is built (PostgreSQL mode is not built yet)");
}
