/**
 * The catalog index on PostgreSQL. Tables (prisma/migrations-postgres/…_catalog_search_and_feeds,
 * kept by triggers on Work and Author whatever code writes them):
 *   - "WorkSearch": one lower-cased document per public registered work under a pg_trgm GIN
 *     index; every term is a `LIKE '%term%'` (escaped: % and _ are literal), which the index serves
 *     for terms of three characters and more and rechecks exactly for all;
 *   - "CatalogFacet": registered works per owner / year / category / technique, and in all;
 *   - index Work(status, registeredAt, registrationNumber): the catalog's order.
 * Facets, total and page are read in one REPEATABLE READ transaction (one snapshot).
 *
 * A text search's total costs O(documents) (a short term cannot use the trigram index; a common
 * one matches a tenth of the catalog), and the same searches repeat far more often than the
 * database changes: totals are cached per query and database snapshot marker (pg_current_snapshot,
 * see ~/utils/database-version.server). The marker is the read transaction's first statement, so
 * it is that transaction's own snapshot; any commit after it moves it, so a reader that finds the
 * same marker reads the same data and the cached total is exact (as SQLite's data_version does).
 */
import { prisma, readPool, readRows, readStatement } from "~/utils/db.server";
import { POSTGRES_VERSION_SQL } from "~/utils/database-version.server";
import type { CatalogIndex, CatalogRead, CatalogRow } from "./catalog-index.server";
import { workRecordFromRow, workRecordSql } from "./work-record";
import {
  cappedTotal,
  COUNT_CAP,
  foldFacetRows,
  likeContains,
  pageWindow,
  totalFromFacets,
  type CatalogWhere,
  type PageWindow,
  type TextSearch,
} from "./catalog-query";

type Sql = { sql: string; params: unknown[] };

/** Text-search totals by query, for one snapshot marker (see above). */
const totals = new Map<string, number>();
let totalsAt = "";

/** Numbered placeholders: each call appends a parameter and returns its $n. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** Every term (of any length) as an escaped, lower-cased LIKE pattern. */
function postgresSearchPatterns(text: TextSearch): string[] {
  return [...text.longTerms, ...text.shortTerms].map((t) => likeContains(t.toLowerCase()));
}

function conditions(where: CatalogWhere, p: Params): string {
  const and = [`w."status" = 'registered'`, `w."registrationNumber" IS NOT NULL`];
  if (where.publicOnly || where.text) and.push(`w."visibility" = 'public'`);
  if (where.registrationNumber) and.push(`w."registrationNumber" = ${p.add(where.registrationNumber)}`);
  if (where.category) and.push(`w."category" = ${p.add(where.category)}`);
  // techniques is a JSON array of codes: the quoted code, literally.
  if (where.technique) and.push(`strpos(w."techniques", ${p.add(JSON.stringify(where.technique))}) > 0`);
  if (where.owner) and.push(where.owner.kind === "org" ? `w."ownerOrgId" = ${p.add(where.owner.id)}` : `w."ownerUserId" = ${p.add(where.owner.id)}`);
  if (where.registeredFrom) and.push(`w."registeredAt" >= ${p.add(where.registeredFrom)}`);
  if (where.registeredBefore) and.push(`w."registeredAt" < ${p.add(where.registeredBefore)}`);
  if (where.text) {
    const likes = postgresSearchPatterns(where.text).map((pattern) => `s."document" LIKE ${p.add(pattern)}`);
    and.push(`EXISTS (SELECT 1 FROM "WorkSearch" s WHERE s."workId" = w."id" AND ${likes.join(" AND ")})`);
  }
  return and.join(" AND ");
}

/** Counts the matches up to one past COUNT_CAP. */
function countQuery(where: CatalogWhere): Sql {
  const p = new Params();
  return { sql: `SELECT count(*)::int AS "n" FROM (SELECT 1 FROM "Work" w WHERE ${conditions(where, p)} LIMIT ${COUNT_CAP + 1}) c`, params: p.values };
}

/** A page of work ids in catalog order (exported for the plan test: tests/integration/catalog-order-index.test.ts). */
export function pageQuery(where: CatalogWhere, window: PageWindow): Sql {
  const p = new Params();
  const dir = window.fromEnd ? "ASC" : "DESC";
  const c = conditions(where, p);
  return {
    sql: `SELECT w."id" FROM "Work" w WHERE ${c} ORDER BY w."registeredAt" ${dir}, w."registrationNumber" ${dir} LIMIT ${p.add(window.limit)} OFFSET ${p.add(window.offset)}`,
    params: p.values,
  };
}

const FACETS_SQL = `SELECT "facet", "key", "label", "works" FROM "CatalogFacet"`;
const ROWS_SQL = `SELECT w."id", w."registrationNumber", w."visibility", w."titleZh", w."titleEn", w."category", w."techniques", w."ownerName", w."registeredAt",
  (SELECT v."sha256" FROM "WorkView" v WHERE v."workId" = w."id" AND v."kind" = 'front' ORDER BY v."order" LIMIT 1) AS "frontSha256"
  FROM "Work" w WHERE w."id" = ANY($1::text[])`;

/** The shared client type is the SQLite one, whose only level is Serializable; this is PostgreSQL's. */
const REPEATABLE_READ = { isolationLevel: "RepeatableRead" } as unknown as { isolationLevel: "Serializable" };

type Raw = Omit<CatalogRow, "registeredAt"> & { registeredAt: Date | string | null };
type Query = <T>(sql: string, params: unknown[], prepared?: boolean) => Promise<T[]>;

/**
 * Runs `read` in one REPEATABLE READ, read-only transaction: on the read pool when there is one
 * (~/utils/db.server readPool), else through Prisma's interactive transaction.
 */
async function inOneSnapshot<T>(read: (query: Query) => Promise<T>): Promise<T> {
  const pool = readPool();
  if (!pool) return prisma.$transaction((tx) => read((sql, params) => tx.$queryRawUnsafe(sql, ...params)), REPEATABLE_READ);
  const client = await pool.connect();
  let usable = true;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const result = await read(async (sql, params, prepared) => (await client.query(readStatement(sql, params, prepared))).rows);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    // A statement that failed leaves the connection usable once rolled back; a lost one does not.
    usable = await client.query("ROLLBACK").then(
      () => true,
      () => false,
    );
    throw e;
  } finally {
    client.release(!usable);
  }
}

async function readPostgresCatalog({ where, page, pageSize }: { where: CatalogWhere; page: number; pageSize: number }): Promise<CatalogRead> {
  return inOneSnapshot(async (query) => {
    // The transaction's snapshot is taken by its first statement, so this marker is the very
    // snapshot the count below reads: a cached total filed under it is exact.
    const marker = where.text ? ((await query<{ snapshot: string }>(POSTGRES_VERSION_SQL, [], true))[0]?.snapshot ?? null) : null;
    const facetRows = await query<{ facet: string; key: string; label: string; works: number }>(FACETS_SQL, [], true);
    const facets = foldFacetRows(facetRows.map((r) => ({ ...r, works: Number(r.works) })));
    const fromFacets = totalFromFacets(where, facets);
    let total = fromFacets;
    if (total === null) {
      const q = countQuery(where);
      const key = JSON.stringify([q.sql, q.params]);
      total = marker !== null && marker === totalsAt ? (totals.get(key) ?? null) : null;
      if (total === null) {
        total = Number((await query<{ n: number }>(q.sql, q.params))[0]?.n ?? 0);
        if (marker !== null) {
          if (marker !== totalsAt || totals.size >= 1000) totals.clear();
          totalsAt = marker;
          totals.set(key, total);
        }
      }
    }
    const { total: shown, capped } = fromFacets !== null ? { total: fromFacets, capped: false } : cappedTotal(total);
    const window = pageWindow({ page, total: shown, pageSize, capped });
    let ids: string[] = [];
    if (window.limit > 0) {
      const q = pageQuery(where, window);
      ids = (await query<{ id: string }>(q.sql, q.params)).map((r) => r.id);
    }
    if (window.fromEnd) ids = ids.reverse();
    const raw = ids.length ? await query<Raw>(ROWS_SQL, [ids], true) : [];
    const byId = new Map(raw.map((r) => [r.id, { ...r, registeredAt: r.registeredAt === null ? null : new Date(r.registeredAt).toISOString() }]));
    const rows = ids.map((id) => byId.get(id)).filter((r): r is CatalogRow => Boolean(r));
    return { facets, total: shown, totalCapped: capped, window, rows };
  });
}

const WORK_RECORD_SQL = workRecordSql({ object: "json_build_object", array: (o) => `json_agg(${o})`, placeholder: "$1" });

export function postgresCatalogIndex(): CatalogIndex {
  return {
    read: (query) => readPostgresCatalog(query),
    // One statement: one snapshot, one round trip.
    work: async (registrationNumber) => {
      const [row] = await readRows<Record<string, unknown>>(WORK_RECORD_SQL, [registrationNumber], { prepared: true });
      return row ? workRecordFromRow(row) : null;
    },
  };
}
