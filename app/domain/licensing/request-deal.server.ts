import { assertPermission } from "~/domain/access/roles.server";
import { workManagerIds } from "~/domain/access/work-managers.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { claimIdempotencyKey, findIdempotentResult, isUniqueViolation } from "~/domain/idempotency/idempotency-key.server";
import { dealLink, notifyUsers, rowOfTerms, termsOfRow } from "./deal-access.server";
import { newDealReference } from "./deal-reference.server";
import { assertRequestWithinOffer, parseLicenseTerms } from "./terms";
import { expandTerritories } from "./territories";

/** The licensee's company details as they stood when the request was made (shown to reviewers). */
export function companySnapshot(u: {
  name: string;
  email: string;
  companyName: string | null;
  companyUscc: string | null;
  country: string | null;
  address: string | null;
  phone: string | null;
}) {
  return JSON.stringify({
    name: u.name,
    email: u.email,
    companyName: u.companyName,
    companyUscc: u.companyUscc,
    country: u.country,
    address: u.address,
    phone: u.phone,
  });
}

/**
 * A licensee asks for a licence under a published offer, possibly narrower. The request goes to
 * the exchange center's review queue; nothing is granted yet.
 *
 * With the form's `idempotencyKey`, a repeated submission (double click, retry) returns the deal
 * the first one created instead of a second request.
 */
export async function requestDeal({
  db,
  actorId,
  offerId,
  terms: input,
  message = "",
  idempotencyKey,
}: {
  db: PrismaClient;
  actorId: string;
  offerId: string;
  terms: unknown;
  message?: string;
  idempotencyKey?: string | null;
}) {
  await assertPermission(db, actorId, "deal:request");
  const replay = async () => {
    if (!idempotencyKey) return null;
    const dealId = await findIdempotentResult(db, { userId: actorId, key: idempotencyKey, kind: "deal" });
    return dealId ? db.deal.findUnique({ where: { id: dealId } }) : null;
  };
  const earlier = await replay();
  if (earlier) return earlier;
  const terms = parseLicenseTerms(input);
  const offer = await db.licenseOffer.findUnique({ where: { id: offerId }, include: { work: true } });
  if (!offer || offer.status !== "published") throw new DomainError("NOT_FOUND", "licensing.error.offerNotFound");
  if (offer.work.status !== "registered") throw new DomainError("UNPROCESSABLE", "licensing.error.workNotRegistered");
  assertRequestWithinOffer(termsOfRow(offer), terms);
  const licensee = await db.user.findUniqueOrThrow({ where: { id: actorId } });

  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const deal = await tx.deal.create({
          data: {
            reference: newDealReference(),
            offerId,
            workId: offer.workId,
            licenseeId: actorId,
            status: "requested",
            ...rowOfTerms(terms),
            countries: JSON.stringify(expandTerritories(terms.territories)),
            licenseeCompany: companySnapshot(licensee),
            message: message.slice(0, 2000),
          },
        });
        if (idempotencyKey) await claimIdempotencyKey(tx, { userId: actorId, key: idempotencyKey, kind: "deal", entityId: deal.id });
        await recordAuditEvent(tx, {
          actorId,
          action: "deal.requested",
          entityId: deal.id,
          data: { reference: deal.reference, offerId, workId: offer.workId },
        });
        await notifyUsers(tx, await workManagerIds(tx, offer.work), {
          kind: "requested",
          params: { reference: deal.reference, company: licensee.companyName ?? licensee.name },
          link: dealLink(deal.reference),
        });
        return deal;
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        const winner = await replay(); // a concurrent submission with the same key committed first
        if (winner) return winner;
      }
      // A reference collision (1 in 10⁹ per pair) just draws another reference.
      if (attempt < 3 && (e as { code?: string }).code === "P2002") continue;
      throw e;
    }
  }
}
