import { workManagerIds } from "~/domain/access/work-managers.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { activateDealInTx } from "~/domain/licensing/activate-deal.server";
import { dealLink, notifyUsers } from "~/domain/licensing/deal-access.server";
import type { Tx } from "~/utils/db.server";

type Settlement = { method: "offline"; confirmedById: string; receivedOn: Date } | { method: "stripe"; stripePaymentIntentId: string | null };

/**
 * pending → succeeded, once (conditional update), and what follows from it in the same
 * transaction: an upfront payment activates the licence, a royalty payment closes its report.
 * Call it as the FIRST write of the transaction, so it takes the write lock before reading.
 * Returns false when the payment was not pending (already settled, cancelled, unknown).
 */
export async function settlePaymentInTx({
  tx,
  paymentId,
  actorId,
  settlement,
  now = new Date(),
}: {
  tx: Tx;
  paymentId: string;
  actorId: string | null;
  settlement: Settlement;
  now?: Date;
}): Promise<boolean> {
  const { count } = await tx.payment.updateMany({
    where: { id: paymentId, status: "pending" },
    data:
      settlement.method === "offline"
        ? { status: "succeeded", method: "offline", confirmedById: settlement.confirmedById, receivedOn: settlement.receivedOn }
        : {
            status: "succeeded",
            method: "stripe",
            receivedOn: now,
            ...(settlement.stripePaymentIntentId ? { stripePaymentIntentId: settlement.stripePaymentIntentId } : {}),
          },
  });
  if (count === 0) return false;
  const payment = await tx.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { deal: { include: { work: true } } } });
  await recordAuditEvent(tx, {
    actorId,
    action: "payment.succeeded",
    entityId: paymentId,
    data: {
      dealId: payment.dealId,
      reference: payment.deal.reference,
      purpose: payment.purpose,
      method: settlement.method,
      amountFen: payment.amountFen,
      feeFen: payment.feeFen,
      payoutFen: payment.payoutFen,
      receivedOn: (settlement.method === "offline" ? settlement.receivedOn : now).toISOString().slice(0, 10),
      ...(settlement.method === "stripe" ? { stripePaymentIntentId: settlement.stripePaymentIntentId } : {}),
    },
  });
  if (payment.purpose === "upfront") {
    await activateDealInTx({ tx, dealId: payment.dealId, actorId, now });
  } else if (payment.royaltyReportId) {
    await tx.royaltyReport.update({ where: { id: payment.royaltyReportId }, data: { status: "paid" } });
    await notifyUsers(tx, [payment.deal.licenseeId, ...(await workManagerIds(tx, payment.deal.work))], {
      kind: "royaltyPaid",
      params: { reference: payment.deal.reference },
      link: dealLink(payment.deal.reference),
    });
  }
  return true;
}
