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
import { prisma } from "~/utils/db.server";
import { CATALOG_PAGE_SIZE, parseOwnerFilter, type CatalogFilters } from "./catalog-filters";
import { catalogIndexFor, type CatalogFacetCounts, type CatalogWhere, type RawDb } from "./catalog-index.server";
import { pageWindow, planTextSearch } from "./catalog-query";
import { normalizeRegistrationNumber } from "./registration-number";

export type CatalogEntry =
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

export type CatalogOwner = { value: string; name: string };

export type CatalogPage = {
  entries: CatalogEntry[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  owners: CatalogOwner[];
  years: number[];
};

type Db = Pick<typeof prisma, "work"> & RawDb;

/** The filters as the catalog index reads them (the sealed-work rule above lives here). */
export function catalogWhere(filters: CatalogFilters): CatalogWhere {
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
    where.registeredFrom = new Date(Date.UTC(filters.year, 0, 1));
    where.registeredBefore = new Date(Date.UTC(filters.year + 1, 0, 1));
  }
  return where;
}

/** A total read from the facet counts when the filter is a single facet; null otherwise. */
function totalFromFacets(where: CatalogWhere, facets: CatalogFacetCounts, year: number | undefined): number | null {
  if (where.text || where.registrationNumber) return null;
  const parts = [where.owner, year, where.category, where.technique].filter((x) => x !== undefined);
  if (parts.length === 0) return facets.total;
  if (parts.length > 1) return null;
  if (where.owner) return facets.owners.find((o) => o.value === `${where.owner!.kind}:${where.owner!.id}`)?.works ?? 0;
  if (year !== undefined) return facets.years.get(year) ?? 0;
  if (where.category) return facets.categories.get(where.category) ?? 0;
  return facets.techniques.get(where.technique!) ?? 0;
}

export async function searchCatalog({ filters, db = prisma }: { filters: CatalogFilters; db?: Db }): Promise<CatalogPage> {
  const index = catalogIndexFor(db);
  const where = catalogWhere(filters);
  const facets = await index.facets();
  const total = totalFromFacets(where, facets, filters.year) ?? (await index.count(where));
  const window = pageWindow({ page: filters.page ?? 1, total, pageSize: CATALOG_PAGE_SIZE });
  const ids = await index.pageIds(where, window, total);
  const rows = ids.length
    ? await db.work.findMany({
        where: { id: { in: ids } },
        select: {
          id: true,
          registrationNumber: true,
          visibility: true,
          titleZh: true,
          titleEn: true,
          category: true,
          techniques: true,
          ownerName: true,
          registeredAt: true,
          views: { where: { kind: "front" }, orderBy: { order: "asc" }, take: 1, select: { sha256: true } },
        },
      })
    : [];
  const byId = new Map(rows.map((w) => [w.id, w]));
  const entries: CatalogEntry[] = [];
  for (const id of ids) {
    const w = byId.get(id);
    if (!w) continue; // gone between the two reads
    const registeredAt = (w.registeredAt ?? new Date(0)).toISOString();
    if (w.visibility !== "public") {
      entries.push({ sealed: true, registrationNumber: w.registrationNumber!, ownerName: w.ownerName, registeredAt });
      continue;
    }
    entries.push({
      sealed: false,
      registrationNumber: w.registrationNumber!,
      titleZh: w.titleZh,
      titleEn: w.titleEn,
      category: w.category,
      techniques: parseCodes(w.techniques),
      ownerName: w.ownerName,
      registeredAt,
      frontSha256: w.views[0]?.sha256 ?? null,
    });
  }
  return {
    entries,
    total,
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
