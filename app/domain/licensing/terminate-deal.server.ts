import { assertPermission } from "~/domain/access/roles.server";
import { workManagerIds } from "~/domain/access/work-managers.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { dealLink, notifyUsers, reviewerReason } from "./deal-access.server";
import { applyDealAction, asDealState } from "./deal-state";

/** An officer ends an active licence before its term (breach, court order…), with the reason on record. */
export async function terminateDeal({ db, actorId, dealId, reason }: { db: PrismaClient; actorId: string; dealId: string; reason: string }) {
  await assertPermission(db, actorId, "deal:review");
  const text = reviewerReason(reason);
  return db.$transaction(async (tx) => {
    const deal = await tx.deal.findUnique({ where: { id: dealId }, include: { work: true } });
    if (!deal) throw new DomainError("NOT_FOUND", "licensing.error.dealNotFound");
    const to = applyDealAction(asDealState(deal.status), "terminate");
    const { count } = await tx.deal.updateMany({ where: { id: dealId, status: "active" }, data: { status: to, endedAt: new Date(), endReason: text } });
    if (count === 0) throw new DomainError("CONFLICT", "licensing.error.badTransition", { from: deal.status, action: "terminate" });
    await recordAuditEvent(tx, {
      actorId,
      action: "deal.terminated",
      entityId: dealId,
      data: { reference: deal.reference, licenseNumber: deal.licenseNumber, reason: text },
    });
    await notifyUsers(tx, [deal.licenseeId, ...(await workManagerIds(tx, deal.work))], {
      kind: "terminated",
      params: { reference: deal.reference, reason: text },
      link: dealLink(deal.reference),
    });
  });
}
