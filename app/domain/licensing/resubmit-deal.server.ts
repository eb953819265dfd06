import { assertPermission } from "~/domain/access/roles.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { rowOfTerms, termsOfRow } from "./deal-access.server";
import { applyDealAction, asDealState } from "./deal-state";
import { companySnapshot } from "./request-deal.server";
import { assertRequestWithinOffer, parseLicenseTerms } from "./terms";
import { expandTerritories } from "./territories";

/** The licensee edits a request the exchange center sent back, and puts it in the queue again. */
export async function resubmitDeal({
  db,
  actorId,
  dealId,
  terms: input,
  message,
}: {
  db: PrismaClient;
  actorId: string;
  dealId: string;
  terms: unknown;
  message?: string;
}) {
  await assertPermission(db, actorId, "deal:request");
  const terms = parseLicenseTerms(input);
  const deal = await db.deal.findFirst({ where: { id: dealId, licenseeId: actorId }, include: { offer: true, licensee: true } });
  if (!deal) throw new DomainError("NOT_FOUND", "licensing.error.dealNotFound");
  applyDealAction(asDealState(deal.status), "resubmit");
  assertRequestWithinOffer(termsOfRow(deal.offer), terms);
  return db.$transaction(async (tx) => {
    const { count } = await tx.deal.updateMany({
      where: { id: dealId, status: "changes_requested" },
      data: {
        status: "requested",
        ...rowOfTerms(terms),
        countries: JSON.stringify(expandTerritories(terms.territories)),
        licenseeCompany: companySnapshot(deal.licensee),
        ...(message !== undefined ? { message: message.slice(0, 2000) } : {}),
      },
    });
    if (count === 0) throw new DomainError("CONFLICT", "licensing.error.badTransition", { from: deal.status, action: "resubmit" });
    await recordAuditEvent(tx, { actorId, action: "deal.resubmitted", entityId: dealId, data: { reference: deal.reference } });
  });
}
