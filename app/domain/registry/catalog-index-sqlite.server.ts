/**
 * The catalog index on SQLite. Tables (migration 20261130093000_catalog_search, kept by
 * triggers on Work and Author whatever code writes them):
 *   - "WorkSearch": FTS5, trigram tokenizer, one row per public registered work (rowid =
 *     "CatalogSearchRow".id, which maps it to the work's id); "WorkSearchTerms" is its fts5vocab
 *     'instance' table, for terms shorter than a trigram;
 *   - "CatalogFacet": registered works per owner / year / category / technique, and in all;
 *   - index Work(status, registeredAt, registrationNumber): the catalog's order.
 *
 * Reads go through a read-only (query_only) better-sqlite3 connection of their own, with cached
 * prepared statements, in one read transaction per page: a consistent snapshot for facets, total
 * and rows, and none of the client's per-query overhead (a catalog page is four small queries).
 * WAL mode lets it read while the app's Prisma connection writes.
 */
import Database from "better-sqlite3";
import { sqlitePathFromUrl } from "~/utils/env.server";
import type { CatalogIndex, CatalogRead, CatalogRow } from "./catalog-index.server";
import { workRecordFromRow, workRecordSql, type WorkRecord } from "./work-record";
import { cappedTotal, COUNT_CAP, foldFacetRows, pageWindow, totalFromFacets, type CatalogWhere, type PageWindow, type TextSearch } from "./catalog-query";

/**
 * A text search's page either sorts all the matches by the catalog order, or walks the catalog
 * order and probes the match set until the page is full. Sorting costs O(matches); the walk
 * O(matches) to build the set plus the rows walked, (offset + limit) × catalog ÷ matches, which
 * grows with the page's depth when matches are sparse. Measured at 100,000 works (rows of
 * Work per ms): sorting ≈ 4.5 µs per match, building the set ≈ 1.6 µs per match, walking ≈ 3.3 µs
 * per row, so the walk wins while rows walked < 0.9 × matches; `walkPays` rounds that to
 * (offset + limit) × catalog < matches². Few matches (< SORT_MATCHES_BELOW) are always sorted.
 * E.g. 2,991 matches, page 30: walk 83 ms, sort 17 ms; page 1: walk 7 ms, sort 13 ms.
 */
const SORT_MATCHES_BELOW = 500;

function walkPays(window: PageWindow, matches: number, catalog: number): boolean {
  return matches >= SORT_MATCHES_BELOW && (window.offset + window.limit) * catalog < matches * matches;
}
/** Above every character: the end of a prefix range of trigrams. */
const MAX_CHAR = "\u{10FFFF}";

type Sql = { sql: string; params: unknown[] };

/** rowids of WorkSearch matching every term. */
function textMatches(text: TextSearch): Sql {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (text.phrases.length) {
    parts.push(`SELECT "rowid" AS "searchRow" FROM "WorkSearch" WHERE "WorkSearch" MATCH ?`);
    params.push(text.phrases.join(" AND "));
  }
  for (const term of text.shortTerms) {
    // Every character of the (padded) text starts a trigram: the rows having a trigram that
    // starts with the term contain it.
    parts.push(`SELECT DISTINCT "doc" FROM "WorkSearchTerms" WHERE "term" >= ? AND "term" < ?`);
    params.push(term, term + MAX_CHAR);
  }
  return { sql: parts.join(" INTERSECT "), params };
}

/** The matched works' ids, as a table (m."workId"). */
function matchedWorks(text: TextSearch): Sql {
  const m = textMatches(text);
  return { sql: `SELECT r."workId" FROM "CatalogSearchRow" r WHERE r."id" IN (${m.sql})`, params: m.params };
}

/** Conditions on Work w (everything but the text). */
function workConditions(where: CatalogWhere): Sql {
  const and = [`w."status" = 'registered'`, `w."registrationNumber" IS NOT NULL`];
  const params: unknown[] = [];
  if (where.publicOnly || where.text) and.push(`w."visibility" = 'public'`);
  if (where.registrationNumber) {
    and.push(`w."registrationNumber" = ?`);
    params.push(where.registrationNumber);
  }
  if (where.category) {
    and.push(`w."category" = ?`);
    params.push(where.category);
  }
  if (where.technique) {
    // techniques is a JSON array of vocabulary codes: find the quoted code, literally.
    and.push(`instr(w."techniques", ?) > 0`);
    params.push(JSON.stringify(where.technique));
  }
  if (where.owner) {
    and.push(where.owner.kind === "org" ? `w."ownerOrgId" = ?` : `w."ownerUserId" = ?`);
    params.push(where.owner.id);
  }
  // registeredAt is ISO-8601 text ("2026-03-04T05:06:07.089+00:00" from Prisma's SQLite adapter)
  // and compares as text. Bounds to the second without a zone suffix compare right whichever
  // suffix a row has ("Z" or "+00:00"): a longer string with the bound as prefix sorts after it.
  if (where.registeredFrom) {
    and.push(`w."registeredAt" >= ?`);
    params.push(where.registeredFrom.toISOString().slice(0, 19));
  }
  if (where.registeredBefore) {
    and.push(`w."registeredAt" < ?`);
    params.push(where.registeredBefore.toISOString().slice(0, 19));
  }
  return { sql: and.join(" AND "), params };
}

const hasWorkFilters = (where: CatalogWhere) =>
  Boolean(where.registrationNumber || where.category || where.technique || where.owner || where.registeredFrom || where.registeredBefore);

const order = (dir: "ASC" | "DESC") => `ORDER BY w."registeredAt" ${dir}, w."registrationNumber" ${dir}`;

/** Counts the matches up to one past COUNT_CAP. */
function countQuery(where: CatalogWhere): Sql {
  let rows: Sql;
  if (where.text && !hasWorkFilters(where)) {
    // The search table holds exactly the public registered works: no join needed.
    const m = textMatches(where.text);
    rows = { sql: `SELECT 1 FROM (${m.sql})`, params: m.params };
  } else {
    const c = workConditions(where);
    if (where.text) {
      const m = matchedWorks(where.text);
      rows = { sql: `SELECT 1 FROM (${m.sql}) m CROSS JOIN "Work" w ON w."id" = m."workId" WHERE ${c.sql}`, params: [...m.params, ...c.params] };
    } else {
      rows = { sql: `SELECT 1 FROM "Work" w WHERE ${c.sql}`, params: c.params };
    }
  }
  return { sql: `SELECT count(*) AS "n" FROM (${rows.sql} LIMIT ${COUNT_CAP + 1})`, params: rows.params };
}

/** A page of work ids in catalog order (exported for the plan test: tests/integration/catalog-order-index.test.ts). */
export function pageQuery(where: CatalogWhere, window: PageWindow, total: number, catalog: number): Sql {
  const dir = window.fromEnd ? "ASC" : "DESC";
  const c = workConditions(where);
  let q: Sql;
  if (where.text && !walkPays(window, total, catalog)) {
    const m = matchedWorks(where.text);
    q = {
      sql: `SELECT w."id" FROM (${m.sql}) m CROSS JOIN "Work" w ON w."id" = m."workId" WHERE ${c.sql} ${order(dir)} LIMIT ? OFFSET ?`,
      params: [...m.params, ...c.params],
    };
  } else if (where.text) {
    // EXISTS keeps the planner on the catalog-order index (an IN would drive from the matches).
    const m = textMatches(where.text);
    q = {
      sql: `SELECT w."id" FROM "Work" w WHERE ${c.sql} AND EXISTS (SELECT 1 FROM "CatalogSearchRow" r WHERE r."workId" = w."id" AND r."id" IN (${m.sql})) ${order(dir)} LIMIT ? OFFSET ?`,
      params: [...c.params, ...m.params],
    };
  } else {
    q = { sql: `SELECT w."id" FROM "Work" w WHERE ${c.sql} ${order(dir)} LIMIT ? OFFSET ?`, params: c.params };
  }
  return { sql: q.sql, params: [...q.params, window.limit, window.offset] };
}

const ROWS_SQL = (
  n: number,
) => `SELECT w."id", w."registrationNumber", w."visibility", w."titleZh", w."titleEn", w."category", w."techniques", w."ownerName", w."registeredAt",
  (SELECT v."sha256" FROM "WorkView" v WHERE v."workId" = w."id" AND v."kind" = 'front' ORDER BY v."order" LIMIT 1) AS "frontSha256"
  FROM "Work" w WHERE w."id" IN (${Array.from({ length: n }, () => "?").join(", ")})`;

class SqliteCatalogReader {
  private statements = new Map<string, Database.Statement>();
  readonly db: Database.Database;

  /** Text-search totals by query, valid while the database is unchanged (data_version). */
  private totals = new Map<string, number>();
  private totalsVersion = -1;

  constructor(readonly file: string) {
    this.db = new Database(file, { fileMustExist: true, timeout: 10_000 });
    this.db.pragma("query_only = true");
    // Page lookups jump around the file: map it, and keep a larger cache than the default 2 MB.
    this.db.pragma("mmap_size = 1073741824");
    this.db.pragma("cache_size = -65536");
  }

  /**
   * A count of text matches costs O(matches); the same search repeats far more often than the
   * catalog changes. data_version changes when any other connection commits (this one never
   * writes), so a cached total is never stale.
   */
  private count(q: Sql): number {
    const version = Number(this.db.pragma("data_version", { simple: true }));
    if (version !== this.totalsVersion) {
      this.totals.clear();
      this.totalsVersion = version;
    }
    const key = JSON.stringify([q.sql, q.params]);
    let n = this.totals.get(key);
    if (n === undefined) {
      n = Number(this.all<{ n: number }>(q)[0]?.n ?? 0);
      if (this.totals.size >= 1000) this.totals.clear();
      this.totals.set(key, n);
    }
    return n;
  }

  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      // Only the page queries vary with the filters; keep the cache bounded all the same.
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, s);
    }
    return s;
  }

  private all<T>({ sql, params }: Sql): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  read({ where, page, pageSize }: { where: CatalogWhere; page: number; pageSize: number }): CatalogRead {
    return this.db.transaction(() => {
      const facets = foldFacetRows(
        this.all<{ facet: string; key: string; label: string; works: number }>({
          sql: `SELECT "facet", "key", "label", "works" FROM "CatalogFacet"`,
          params: [],
        }),
      );
      const fromFacets = totalFromFacets(where, facets);
      const { total, capped } = fromFacets !== null ? { total: fromFacets, capped: false } : cappedTotal(this.count(countQuery(where)));
      const window = pageWindow({ page, total, pageSize, capped });
      let ids = window.limit > 0 ? this.all<{ id: string }>(pageQuery(where, window, total, facets.total)).map((r) => r.id) : [];
      if (window.fromEnd) ids = ids.reverse();
      const byId = new Map(ids.length ? this.all<CatalogRow>({ sql: ROWS_SQL(ids.length), params: ids }).map((r) => [r.id, r]) : []);
      const rows = ids.map((id) => byId.get(id)).filter((r): r is CatalogRow => Boolean(r));
      return { facets, total, totalCapped: capped, window, rows };
    })();
  }

  /** One statement, so one snapshot without a transaction. */
  work(registrationNumber: string): WorkRecord | null {
    const row = this.statement(WORK_RECORD_SQL).get(registrationNumber) as Record<string, unknown> | undefined;
    return row ? workRecordFromRow(row) : null;
  }
}

const WORK_RECORD_SQL = workRecordSql({ object: "json_object", array: (o) => `json_group_array(${o})`, placeholder: "?" });

let reader: SqliteCatalogReader | undefined;

function readerFor(url: string): SqliteCatalogReader {
  const file = sqlitePathFromUrl(url);
  if (reader?.file !== file) {
    // Tests switch the process to a fresh database per file; the app uses one.
    reader?.db.close();
    reader = new SqliteCatalogReader(file);
  }
  return reader;
}

export function sqliteCatalogIndex(url: string): CatalogIndex {
  return {
    async read(query) {
      return readerFor(url).read(query);
    },
    async work(registrationNumber) {
      return readerFor(url).work(registrationNumber);
    },
  };
}
