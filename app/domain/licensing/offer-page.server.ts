/**
 * The offer page (/offers/:offerId) as a read model: who may see an offer and what it shows. A
 * withdrawn offer stays visible to the managers of its work and to the exchange center only; the
 * rest get null (the route answers 404, the same as a missing offer).
 */
import { hasPermission } from "~/domain/access/roles.server";
import { managesWork } from "~/domain/access/work-managers.server";
import { termsOfRow, type DbOrTx } from "./deal-access.server";
import { FRONT_VIEW, publicWork, scopeDefaults, summaries } from "./offer-face";
import { isRegionCode } from "./territories";
import { EXCLUSIVITIES, exclusivityRank } from "./vocabulary";

type Viewer = { id: string; roles: readonly string[] } | null;

export async function findOfferForViewer({ db, offerId, viewer }: { db: DbOrTx; offerId: string; viewer: Viewer }) {
  const offer = await db.licenseOffer.findUnique({ where: { id: offerId }, include: { work: { include: FRONT_VIEW } } });
  if (!offer || offer.work.status !== "registered") return null;
  const manager = viewer ? await managesWork(db, viewer.id, offer.workId) : false;
  if (!(offer.status === "published" || manager || (viewer && hasPermission(viewer.roles, "deal:review")))) return null;
  const terms = termsOfRow(offer);
  return {
    offer: {
      id: offer.id,
      status: offer.status,
      notes: offer.notes,
      upfrontFeeFen: offer.upfrontFeeFen,
      royaltyBps: offer.royaltyBps,
      minimumGuaranteeFen: offer.minimumGuaranteeFen,
      createdAt: offer.createdAt,
    },
    work: publicWork(offer.work),
    summaries: summaries(terms),
    defaults: scopeDefaults(terms),
    /** What a request may ask for: no wider exclusivity, fields or regions than offered. */
    allowed: {
      exclusivities: EXCLUSIVITIES.filter((e) => exclusivityRank(e) <= exclusivityRank(terms.exclusivity)),
      fields: terms.fields,
      regions: terms.territories.filter(isRegionCode),
    },
    canRequest: offer.status === "published" && !!viewer && hasPermission(viewer.roles, "deal:request"),
    manager,
  };
}

/** An offer's terms, the base a deal request narrows (null when there is no such offer; requestDeal checks the rest). */
export async function offerTermsOf({ db, offerId }: { db: DbOrTx; offerId: string }) {
  const offer = await db.licenseOffer.findUnique({ where: { id: offerId } });
  return offer ? { id: offer.id, terms: termsOfRow(offer) } : null;
}
