/**
 * The catalog index on SQLite. Tables (migration 20261130093000_catalog_search, kept by
 * triggers on Work and Author whatever code writes them):
 *   - "WorkSearch": FTS5, trigram tokenizer, one row per public registered work (rowid =
 *     "CatalogSearchRow".id, which maps it to the work's id);
 *   - "CatalogFacet": registered works per owner / year / category / technique, and in all;
 *   - index Work(status, registeredAt, registrationNumber): the catalog's order.
 */
import type { CatalogFacetCounts, CatalogIndex, CatalogWhere, RawDb } from "./catalog-index.server";
import { LIKE_ESCAPE, type PageWindow, type TextSearch } from "./catalog-query";

const SEARCH_COLUMNS = ["registrationNumber", "titleZh", "titleEn", "descriptionZh", "descriptionEn", "makers", "ownerName"] as const;

/**
 * Below this many text matches a page sorts the matches; above it, it walks the catalog order
 * and probes the match set, stopping after the page (the walk is short when matches are many).
 */
const SORT_MATCHES_BELOW = 4000;

type Sql = { sql: string; params: unknown[] };

function textMatches(text: TextSearch): Sql {
  const where: string[] = [];
  const params: unknown[] = [];
  if (text.phrases.length) {
    where.push(`"WorkSearch" MATCH ?`);
    params.push(text.phrases.join(" AND "));
  }
  for (const pattern of text.likePatterns) {
    where.push(`(${SEARCH_COLUMNS.map((c) => `"WorkSearch"."${c}" LIKE ? ESCAPE '${LIKE_ESCAPE}'`).join(" OR ")})`);
    params.push(...SEARCH_COLUMNS.map(() => pattern));
  }
  return { sql: `SELECT "rowid" AS "searchRow" FROM "WorkSearch" WHERE ${where.join(" AND ")}`, params };
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
  // registeredAt is stored as ISO-8601 text (Prisma's SQLite adapter): compares as text.
  if (where.registeredFrom) {
    and.push(`w."registeredAt" >= ?`);
    params.push(where.registeredFrom.toISOString());
  }
  if (where.registeredBefore) {
    and.push(`w."registeredAt" < ?`);
    params.push(where.registeredBefore.toISOString());
  }
  return { sql: and.join(" AND "), params };
}

const hasWorkFilters = (where: CatalogWhere) =>
  Boolean(where.registrationNumber || where.category || where.technique || where.owner || where.registeredFrom || where.registeredBefore);

/** The matched works' ids, as a table (m."workId"). */
function matchedWorks(text: TextSearch): Sql {
  const m = textMatches(text);
  return { sql: `SELECT r."workId" FROM (${m.sql}) s JOIN "CatalogSearchRow" r ON r."id" = s."searchRow"`, params: m.params };
}

const order = (dir: "ASC" | "DESC") => `ORDER BY w."registeredAt" ${dir}, w."registrationNumber" ${dir}`;

export function sqliteCatalogIndex(db: RawDb): CatalogIndex {
  const all = async <T>({ sql, params }: Sql) => db.$queryRawUnsafe<T[]>(sql, ...params);

  return {
    async facets() {
      const rows = await all<{ facet: string; key: string; label: string; works: number | bigint }>({
        sql: `SELECT "facet", "key", "label", "works" FROM "CatalogFacet" WHERE "works" > 0`,
        params: [],
      });
      const counts: CatalogFacetCounts = { total: 0, owners: [], years: new Map(), categories: new Map(), techniques: new Map() };
      const owners = new Map<string, { value: string; name: string; works: number }>();
      for (const r of rows) {
        const works = Number(r.works);
        if (r.facet === "all") counts.total = works;
        else if (r.facet === "year" && /^\d{4}$/.test(r.key)) counts.years.set(Number(r.key), works);
        else if (r.facet === "category") counts.categories.set(r.key, works);
        else if (r.facet === "technique") counts.techniques.set(r.key, works);
        else if (r.facet === "owner") {
          // An owner's works may carry different frozen names: show the first in sort order.
          const o = owners.get(r.key);
          if (!o) owners.set(r.key, { value: r.key, name: r.label, works });
          else {
            o.works += works;
            if (r.label < o.name) o.name = r.label;
          }
        }
      }
      counts.owners = [...owners.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.value < b.value ? -1 : 1));
      return counts;
    },

    async count(where) {
      let q: Sql;
      if (where.text && !hasWorkFilters(where)) {
        // The search table holds exactly the public registered works: no join needed.
        const m = textMatches(where.text);
        q = { sql: `SELECT count(*) AS "n" FROM (${m.sql})`, params: m.params };
      } else if (where.text) {
        const m = matchedWorks(where.text);
        const c = workConditions(where);
        q = { sql: `SELECT count(*) AS "n" FROM (${m.sql}) m CROSS JOIN "Work" w ON w."id" = m."workId" WHERE ${c.sql}`, params: [...m.params, ...c.params] };
      } else {
        const c = workConditions(where);
        q = { sql: `SELECT count(*) AS "n" FROM "Work" w WHERE ${c.sql}`, params: c.params };
      }
      const [row] = await all<{ n: number | bigint }>(q);
      return Number(row?.n ?? 0);
    },

    async pageIds(where, window: PageWindow, total) {
      if (window.limit <= 0) return [];
      const dir = window.fromEnd ? "ASC" : "DESC";
      const c = workConditions(where);
      let q: Sql;
      if (where.text && total < SORT_MATCHES_BELOW) {
        const m = matchedWorks(where.text);
        q = { sql: `SELECT w."id" FROM (${m.sql}) m CROSS JOIN "Work" w ON w."id" = m."workId" WHERE ${c.sql} ${order(dir)} LIMIT ? OFFSET ?`, params: [...m.params, ...c.params] };
      } else if (where.text) {
        const m = matchedWorks(where.text);
        q = { sql: `SELECT w."id" FROM "Work" w WHERE ${c.sql} AND w."id" IN (${m.sql}) ${order(dir)} LIMIT ? OFFSET ?`, params: [...c.params, ...m.params] };
      } else {
        q = { sql: `SELECT w."id" FROM "Work" w WHERE ${c.sql} ${order(dir)} LIMIT ? OFFSET ?`, params: c.params };
      }
      q.params.push(window.limit, window.offset);
      const ids = (await all<{ id: string }>(q)).map((r) => r.id);
      return window.fromEnd ? ids.reverse() : ids;
    },
  };
}
