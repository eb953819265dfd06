/**
 * The public offer list (/offers): published offers of registered works, filtered and paged.
 * A read model: no permission is needed, and a sealed work shows only its number.
 */
import type { Prisma } from "@prisma/client";
import type { DbOrTx } from "./deal-access.server";
import { termsOfRow } from "./deal-access.server";
import type { OfferFilter } from "./forms";
import { FRONT_VIEW, publicWork, summaries } from "./offer-face";
import { regionsCovering } from "./offer-search.server";

const OFFERS_PAGE_SIZE = 12;

/** The filter as a Prisma condition. JSON-list columns match the quoted code inside the stored array text. */
function offerWhere(f: OfferFilter): Prisma.LicenseOfferWhereInput {
  const and: Prisma.LicenseOfferWhereInput[] = [{ status: "published" }, { work: { status: "registered" } }];
  if (f.field) and.push({ fields: { contains: `"${f.field}"` } });
  if (f.territory) and.push({ OR: regionsCovering(f.territory).map((code) => ({ territories: { contains: `"${code}"` } })) });
  if (f.exclusivity) and.push({ exclusivity: f.exclusivity });
  // A sealed work's techniques are not public: filtering on them would leak them.
  if (f.technique) and.push({ work: { visibility: "public", techniques: { contains: `"${f.technique}"` } } });
  if (f.minPrice !== undefined) and.push({ upfrontFeeFen: { gte: f.minPrice } });
  if (f.maxPrice !== undefined) and.push({ upfrontFeeFen: { lte: f.maxPrice } });
  return { AND: and };
}

export async function listOffers({ db, filter, pageSize = OFFERS_PAGE_SIZE }: { db: DbOrTx; filter: OfferFilter; pageSize?: number }) {
  const page = filter.page ?? 1;
  const where = offerWhere(filter);
  const [total, rows] = await Promise.all([
    db.licenseOffer.count({ where }),
    db.licenseOffer.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: { work: { include: FRONT_VIEW } },
    }),
  ]);
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    offers: rows.map((o) => ({
      id: o.id,
      exclusivity: o.exclusivity,
      upfrontFeeFen: o.upfrontFeeFen,
      royaltyBps: o.royaltyBps,
      work: publicWork(o.work),
      summaries: summaries(termsOfRow(o)),
    })),
  };
}
