/**
 * Pure rules of catalog search and paging, shared by every database's catalog index
 * (catalog-index.server.ts): how a typed query becomes search terms, and which rows a page is.
 *
 * Search terms: the query is split on white space and every term must occur (a substring, in any
 * searchable field, case-insensitive for ASCII). A term of three or more characters goes to the
 * trigram index (SQLite FTS5 `trigram`, PostgreSQL `pg_trgm`) as a quoted phrase, so FTS syntax
 * (`"`, `*`, `AND`, `NEAR`, `:`) and LIKE wildcards (`%`, `_`) are plain characters. A term of one
 * or two characters is shorter than a trigram: SQLite finds it as a prefix of indexed trigrams (the
 * search text is padded so every character starts one); a database that matches it with LIKE
 * instead has the escaped pattern (`%`, `_` and `\` literal).
 */

/** Terms beyond this many are ignored: the form allows 100 characters; this bounds the SQL. */
const MAX_SEARCH_TERMS = 8;
/** Characters in a trigram: shorter terms cannot use the trigram index. */
const TRIGRAM = 3;

export type TextSearch = {
  /** Terms of ≥ 3 characters, each an FTS5 phrase literal ("…" with inner quotes doubled). */
  phrases: string[];
  /** The same terms, raw (for a database whose trigram operator takes plain text). */
  longTerms: string[];
  /** Terms of 1–2 characters, lower-cased as the trigram index folds them. */
  shortTerms: string[];
  /** The same as LIKE patterns `%…%` with ESCAPE '\'. */
  likePatterns: string[];
};

// Control characters never occur in catalog text; a separator could otherwise be matched.
const CONTROL = /[\u0000-\u001f\u007f]/g;

export function searchTerms(q: string): string[] {
  const terms = new Map<string, string>();
  for (const term of q.replace(CONTROL, " ").trim().split(/\s+/u)) {
    if (term && !terms.has(term.toLowerCase())) terms.set(term.toLowerCase(), term);
    if (terms.size >= MAX_SEARCH_TERMS) break;
  }
  return [...terms.values()];
}

/** Characters as the tokenizer counts them (code points, not UTF-16 units). */
function charLength(s: string): number {
  return [...s].length;
}

export function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

const LIKE_ESCAPE = "\\";

export function likeContains(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => LIKE_ESCAPE + c)}%`;
}

/** null when the query has no terms (blank or control characters only). */
export function planTextSearch(q: string): TextSearch | null {
  const terms = searchTerms(q);
  if (!terms.length) return null;
  const long = terms.filter((t) => charLength(t) >= TRIGRAM);
  const short = terms.filter((t) => charLength(t) < TRIGRAM);
  return { phrases: long.map(ftsPhrase), longTerms: long, shortTerms: short.map((t) => t.toLowerCase()), likePatterns: short.map(likeContains) };
}

export type PageWindow = {
  page: number;
  pages: number;
  /** Rows to skip in the scan direction. */
  offset: number;
  limit: number;
  /**
   * Read the index oldest-first and reverse the rows: a page in the back half of the catalog
   * then skips at most half of it, whichever end it is nearer to.
   */
  fromEnd: boolean;
};

/** The rows of a page (1-based, clamped to the last page) in a result of `total` rows. */
/**
 * Counting a search's matches costs O(matches), and past a few thousand nobody reads on: counts
 * stop at this many. A larger result says "more than 10,000" and its pages end there
 * (refining the search shows the rest); counts that come from the facets are always exact.
 */
export const COUNT_CAP = 10_000;

/** A counted total and whether the count stopped at COUNT_CAP. */
export function cappedTotal(counted: number): { total: number; capped: boolean } {
  return counted > COUNT_CAP ? { total: COUNT_CAP, capped: true } : { total: counted, capped: false };
}

export function pageWindow({ page, total, pageSize, capped = false }: { page: number; total: number; pageSize: number; capped?: boolean }): PageWindow {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const p = Math.min(Math.max(1, Math.floor(page)), pages);
  const start = (p - 1) * pageSize;
  const limit = Math.max(0, Math.min(pageSize, total - start));
  const fromStartOffset = start;
  const fromEndOffset = total - start - limit;
  // From the end only when the total is exact (a capped count's end is not the result's end).
  if (!capped && fromEndOffset < fromStartOffset) return { page: p, pages, offset: fromEndOffset, limit, fromEnd: true };
  return { page: p, pages, offset: fromStartOffset, limit, fromEnd: false };
}

export type CatalogWhere = {
  /** Only works whose details are public (any detail filter or text search sets it). */
  publicOnly: boolean;
  /** Exact registration number. */
  registrationNumber?: string;
  text?: TextSearch;
  category?: string;
  technique?: string;
  owner?: { kind: "user" | "org"; id: string };
  /** UTC registration year: registeredFrom ≤ registeredAt < registeredBefore. */
  year?: number;
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

/** The total read from the facet counts when the filter is at most one facet; null otherwise. */
export function totalFromFacets(where: CatalogWhere, facets: CatalogFacetCounts): number | null {
  if (where.text || where.registrationNumber) return null;
  const parts = [where.owner, where.year, where.category, where.technique].filter((x) => x !== undefined);
  if (parts.length === 0) return facets.total;
  if (parts.length > 1) return null;
  if (where.owner) return facets.owners.find((o) => o.value === `${where.owner!.kind}:${where.owner!.id}`)?.works ?? 0;
  if (where.year !== undefined) return facets.years.get(where.year) ?? 0;
  if (where.category) return facets.categories.get(where.category) ?? 0;
  return facets.techniques.get(where.technique!) ?? 0;
}

/** Facet rows (facet, key, label, works) as stored by every database, folded into counts. */
export function foldFacetRows(rows: { facet: string; key: string; label: string; works: number }[]): CatalogFacetCounts {
  const counts: CatalogFacetCounts = { total: 0, owners: [], years: new Map(), categories: new Map(), techniques: new Map() };
  const owners = new Map<string, { value: string; name: string; works: number }>();
  for (const r of rows) {
    if (r.works <= 0) continue;
    if (r.facet === "all") counts.total = r.works;
    else if (r.facet === "year" && /^\d{4}$/.test(r.key)) counts.years.set(Number(r.key), r.works);
    else if (r.facet === "category") counts.categories.set(r.key, r.works);
    else if (r.facet === "technique") counts.techniques.set(r.key, r.works);
    else if (r.facet === "owner") {
      // An owner's works may carry different frozen names: show the first in sort order.
      const o = owners.get(r.key);
      if (!o) owners.set(r.key, { value: r.key, name: r.label, works: r.works });
      else {
        o.works += r.works;
        if (r.label < o.name) o.name = r.label;
      }
    }
  }
  counts.owners = [...owners.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.value < b.value ? -1 : 1));
  return counts;
}
