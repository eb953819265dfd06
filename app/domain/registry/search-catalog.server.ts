/**
 * The public catalog: registered works, newest registration first.
 *
 * Sealed works are listed only by what is public about them (registration number, owner name,
 * registration date) and only when the filters are about public facts (owner, registration year,
 * an exact registration number). Filtering or searching on a title, description, category or
 * technique leaves them out: otherwise a sealed work's hidden details could be probed by filter.
 *
 * Text search uses Prisma `contains` (LIKE on SQLite: case-insensitive for ASCII; Chinese has no
 * case), so the query stays portable to the PostgreSQL mode.
 */
import type { Prisma } from "@prisma/client";
import { prisma } from "~/utils/db.server";
import { CATALOG_PAGE_SIZE, parseOwnerFilter, type CatalogFilters } from "./catalog-filters";
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

type Db = Pick<typeof prisma, "work">;

export async function searchCatalog({ filters, db = prisma }: { filters: CatalogFilters; db?: Db }): Promise<CatalogPage> {
  const and: Prisma.WorkWhereInput[] = [{ status: "registered" }, { registrationNumber: { not: null } }];
  const number = filters.q ? normalizeRegistrationNumber(filters.q) : null;
  if (number) {
    and.push({ registrationNumber: number });
  } else {
    const detailFilter = Boolean(filters.q || filters.category || filters.technique);
    if (detailFilter) and.push({ visibility: "public" });
    if (filters.q) {
      const q = filters.q;
      and.push({ OR: [{ titleZh: { contains: q } }, { titleEn: { contains: q } }, { descriptionZh: { contains: q } }, { descriptionEn: { contains: q } }] });
    }
    if (filters.category) and.push({ category: filters.category });
    // techniques is a JSON array of codes: match the quoted code.
    if (filters.technique) and.push({ techniques: { contains: `"${filters.technique}"` } });
  }
  const owner = filters.owner ? parseOwnerFilter(filters.owner) : null;
  if (owner) and.push(owner.kind === "user" ? { ownerUserId: owner.id } : { ownerOrgId: owner.id });
  if (filters.year) {
    and.push({ registeredAt: { gte: new Date(Date.UTC(filters.year, 0, 1)), lt: new Date(Date.UTC(filters.year + 1, 0, 1)) } });
  }
  const where: Prisma.WorkWhereInput = { AND: and };
  const total = await db.work.count({ where });
  const pages = Math.max(1, Math.ceil(total / CATALOG_PAGE_SIZE));
  const page = Math.min(filters.page ?? 1, pages);
  const rows = await db.work.findMany({
    where,
    orderBy: [{ registeredAt: "desc" }, { registrationNumber: "desc" }],
    skip: (page - 1) * CATALOG_PAGE_SIZE,
    take: CATALOG_PAGE_SIZE,
    select: {
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
  });
  const entries: CatalogEntry[] = rows.map((w) => {
    const registeredAt = (w.registeredAt ?? new Date(0)).toISOString();
    if (w.visibility !== "public") return { sealed: true, registrationNumber: w.registrationNumber!, ownerName: w.ownerName, registeredAt };
    return {
      sealed: false,
      registrationNumber: w.registrationNumber!,
      titleZh: w.titleZh,
      titleEn: w.titleEn,
      category: w.category,
      techniques: parseCodes(w.techniques),
      ownerName: w.ownerName,
      registeredAt,
      frontSha256: w.views[0]?.sha256 ?? null,
    };
  });
  return { entries, total, page, pages, pageSize: CATALOG_PAGE_SIZE, ...(await facets(db)) };
}

/** The owners and registration years that have registered works (options of the filter form). */
async function facets(db: Db): Promise<{ owners: CatalogOwner[]; years: number[] }> {
  const registered: Prisma.WorkWhereInput = { status: "registered", registrationNumber: { not: null } };
  const [groups, range] = await Promise.all([
    db.work.groupBy({ by: ["ownerUserId", "ownerOrgId", "ownerName"], where: registered, orderBy: { ownerName: "asc" } }),
    db.work.aggregate({ where: registered, _min: { registeredAt: true }, _max: { registeredAt: true } }),
  ]);
  const owners = new Map<string, CatalogOwner>();
  for (const g of groups) {
    const value = g.ownerOrgId ? `org:${g.ownerOrgId}` : g.ownerUserId ? `user:${g.ownerUserId}` : null;
    if (value && !owners.has(value)) owners.set(value, { value, name: g.ownerName });
  }
  const years: number[] = [];
  const min = range._min.registeredAt?.getUTCFullYear();
  const max = range._max.registeredAt?.getUTCFullYear();
  if (min && max) for (let y = max; y >= min; y--) years.push(y);
  return { owners: [...owners.values()], years };
}

function parseCodes(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}
