/**
 * The public catalog: registered works, newest registration first.
 *
 * Sealed works are listed only by what is public about them (registration number, owner name,
 * registration date) and only when the filters are about public facts (owner, registration year,
 * an exact registration number). Filtering or searching on a title, description, maker, category
 * or technique leaves them out: otherwise a sealed work's hidden details could be probed by filter.
 *
 * Nothing here costs O(works) per request (issue 12): facets and single-filter totals come from
 * counts kept by triggers, text search goes through the trigram index, and a page is read from
 * the catalog-order index from whichever end is nearer (catalog-index.server.ts).
 */
import { redactWork } from "~/domain/access/sealed-work";
import { CATALOG_PAGE_SIZE, parseOwnerFilter, type CatalogFilters } from "./catalog-filters";
import { catalogIndex } from "./catalog-index.server";
import { planTextSearch, type CatalogWhere } from "./catalog-query";
import { normalizeRegistrationNumber } from "./registration-number";

type CatalogEntry =
  | {
      sealed: false;
      registrationNumber: string;
      titleZh: string;
      titleEn: string;
      category: string;
      techniques: string[];
      ownerName: string;
      registeredAt: string;
      /** Key of the front view's display derivatives (/resources/images/<sha256>/320). */
      frontSha256: string | null;
    }
  | { sealed: true; registrationNumber: string; ownerName: string; registeredAt: string };

type CatalogOwner = { value: string; name: string };

type CatalogPage = {
  entries: CatalogEntry[];
  total: number;
  /** The count stopped at `total` (COUNT_CAP): there are more; the pages end there. */
  totalCapped: boolean;
  page: number;
  pages: number;
  pageSize: number;
  owners: CatalogOwner[];
  years: number[];
};

/** The filters as the catalog index reads them (the sealed-work rule above lives here). */
function catalogWhere(filters: CatalogFilters): CatalogWhere {
  const where: CatalogWhere = { publicOnly: false };
  const number = filters.q ? normalizeRegistrationNumber(filters.q) : null;
  if (number) {
    where.registrationNumber = number;
  } else {
    const text = filters.q ? planTextSearch(filters.q) : null;
    if (text) where.text = text;
    if (filters.category) where.category = filters.category;
    if (filters.technique) where.technique = filters.technique;
    where.publicOnly = Boolean(text || filters.category || filters.technique);
  }
  const owner = filters.owner ? parseOwnerFilter(filters.owner) : null;
  if (owner) where.owner = owner;
  if (filters.year) {
    where.year = filters.year;
    where.registeredFrom = new Date(Date.UTC(filters.year, 0, 1));
    where.registeredBefore = new Date(Date.UTC(filters.year + 1, 0, 1));
  }
  return where;
}

export async function searchCatalog({ filters }: { filters: CatalogFilters }): Promise<CatalogPage> {
  const { facets, total, totalCapped, window, rows } = await catalogIndex().read({
    where: catalogWhere(filters),
    page: filters.page ?? 1,
    pageSize: CATALOG_PAGE_SIZE,
  });
  const entries = rows.map((w): CatalogEntry => {
    const registeredAt = w.registeredAt ? new Date(w.registeredAt).toISOString() : new Date(0).toISOString();
    const face = redactWork({ ...w, techniques: parseCodes(w.techniques), imageSha256: w.frontSha256 }, "catalog");
    if (!face.revealed || !face.title) return { sealed: true, registrationNumber: w.registrationNumber, ownerName: w.ownerName, registeredAt };
    return {
      sealed: false,
      registrationNumber: w.registrationNumber,
      titleZh: face.title.zh,
      titleEn: face.title.en,
      category: face.category ?? w.category,
      techniques: face.techniques ?? [],
      ownerName: w.ownerName,
      registeredAt,
      frontSha256: face.imageSha256,
    };
  });
  return {
    entries,
    total,
    totalCapped,
    page: window.page,
    pages: window.pages,
    pageSize: CATALOG_PAGE_SIZE,
    owners: facets.owners.map(({ value, name }) => ({ value, name })),
    years: yearOptions(facets.years),
  };
}

/** Every year from the newest registration year down to the oldest (options of the year filter). */
function yearOptions(years: Map<number, number>): number[] {
  if (!years.size) return [];
  const min = Math.min(...years.keys());
  const max = Math.max(...years.keys());
  const out: number[] = [];
  for (let y = max; y >= min; y--) out.push(y);
  return out;
}

function parseCodes(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}
