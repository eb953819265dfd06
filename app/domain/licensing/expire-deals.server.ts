import { workManagerIds } from "~/domain/access/work-managers.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { dealLink, notifyUsers } from "./deal-access.server";

/**
 * The scheduled check: active licences whose term is over (termEnd is exclusive) become expired,
 * one transaction per deal so that one bad row does not hold up the rest. Returns how many expired.
 */
export async function expireDeals({ db, now = new Date() }: { db: PrismaClient; now?: Date }): Promise<number> {
  const due = await db.deal.findMany({ where: { status: "active", termEnd: { lte: now } }, select: { id: true } });
  let expired = 0;
  for (const { id } of due) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.deal.updateMany({ where: { id, status: "active" }, data: { status: "expired", endedAt: now, endReason: "term_ended" } });
      if (!count) return;
      expired++;
      const deal = await tx.deal.findUniqueOrThrow({ where: { id }, include: { work: true } });
      await recordAuditEvent(tx, {
        actorId: null,
        action: "deal.expired",
        entityId: id,
        data: { reference: deal.reference, licenseNumber: deal.licenseNumber },
      });
      await notifyUsers(tx, [deal.licenseeId, ...(await workManagerIds(tx, deal.work))], {
        kind: "expired",
        params: { reference: deal.reference, licenseNumber: deal.licenseNumber ?? "" },
        link: dealLink(deal.reference),
      });
    });
  }
  return expired;
}
