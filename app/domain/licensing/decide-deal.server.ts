import { assertPermission } from "~/domain/access/roles.server";
import { workManagerIds } from "~/domain/access/work-managers.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { dealLink, notifyUsers, reviewerReason } from "./deal-access.server";
import { applyDealAction, asDealState, type DealAction } from "./deal-state";

/** Reject, or send back for changes: the reviewer's decision with a reason the licensee reads. */
export async function decideDeal({
  db,
  actorId,
  dealId,
  reason,
  action,
}: {
  db: PrismaClient;
  actorId: string;
  dealId: string;
  reason: string;
  action: Extract<DealAction, "reject" | "ask_changes">;
}) {
  await assertPermission(db, actorId, "deal:review");
  const text = reviewerReason(reason);
  return db.$transaction(async (tx) => {
    const deal = await tx.deal.findUnique({ where: { id: dealId }, include: { work: true } });
    if (!deal) throw new DomainError("NOT_FOUND", "licensing.error.dealNotFound");
    const to = applyDealAction(asDealState(deal.status), action);
    const { count } = await tx.deal.updateMany({
      where: { id: dealId, status: deal.status },
      data: { status: to, reviewerId: actorId, reviewedAt: new Date(), reviewReason: text },
    });
    if (count === 0) throw new DomainError("CONFLICT", "licensing.error.badTransition", { from: deal.status, action });
    await recordAuditEvent(tx, {
      actorId,
      action: action === "reject" ? "deal.rejected" : "deal.changes_requested",
      entityId: dealId,
      data: { reference: deal.reference, reason: text },
    });
    await notifyUsers(tx, [deal.licenseeId, ...(action === "reject" ? await workManagerIds(tx, deal.work) : [])], {
      kind: action === "reject" ? "rejected" : "changesRequested",
      params: { reference: deal.reference, reason: text },
      link: dealLink(deal.reference),
    });
  });
}
