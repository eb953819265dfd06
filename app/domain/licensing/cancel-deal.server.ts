import { assertPermission } from "~/domain/access/roles.server";
import { workManagerIds } from "~/domain/access/work-managers.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { dealLink, notifyUsers } from "./deal-access.server";
import { applyDealAction, asDealState } from "./deal-state";

/**
 * The licensee withdraws a request (or an approved deal before paying); its pending payment is
 * cancelled with it. A payment already under way in Stripe Checkout still lands in the webhook,
 * which then finds no pending payment and changes nothing — the exchange center refunds by hand.
 */
export async function cancelDeal({ db, actorId, dealId }: { db: PrismaClient; actorId: string; dealId: string }) {
  await assertPermission(db, actorId, "deal:request");
  return db.$transaction(async (tx) => {
    const deal = await tx.deal.findFirst({ where: { id: dealId, licenseeId: actorId }, include: { work: true } });
    if (!deal) throw new DomainError("NOT_FOUND", "licensing.error.dealNotFound");
    const to = applyDealAction(asDealState(deal.status), "cancel");
    const { count } = await tx.deal.updateMany({
      where: { id: dealId, status: deal.status },
      data: { status: to, endedAt: new Date(), endReason: "cancelled" },
    });
    if (count === 0) throw new DomainError("CONFLICT", "licensing.error.badTransition", { from: deal.status, action: "cancel" });
    await tx.payment.updateMany({ where: { dealId, status: "pending" }, data: { status: "cancelled" } });
    await recordAuditEvent(tx, { actorId, action: "deal.cancelled", entityId: dealId, data: { reference: deal.reference } });
    await notifyUsers(tx, await workManagerIds(tx, deal.work), { kind: "cancelled", params: { reference: deal.reference }, link: dealLink(deal.reference) });
  });
}
