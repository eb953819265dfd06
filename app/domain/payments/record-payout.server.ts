import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { assertPermission } from "~/domain/access/roles.server";
import { workManagerIds } from "~/domain/access/work-managers.server";
import { dealLink, notifyUsers } from "~/domain/licensing/deal-access.server";
import { isoDay } from "~/domain/licensing/iso-day";
import { canRecordPayout, formatYuan } from "./payout";

/**
 * An officer records that the exchange center paid a received bank transfer's net on to the
 * artisan: the day and the bank's reference. Once only (a conditional update: a second submit of
 * the same form changes nothing), audited in the same transaction, and the work's managers are
 * told. Stripe payments need no record: Stripe transfers the net at payment time.
 */
export async function recordPayout({
  db,
  actorId,
  paymentId,
  payoutMadeOn,
  payoutReference,
  now = new Date(),
}: {
  db: PrismaClient;
  actorId: string;
  paymentId: string;
  payoutMadeOn: Date;
  payoutReference: string;
  now?: Date;
}) {
  await assertPermission(db, actorId, "payment:confirm");
  const payment = await db.payment.findUnique({ where: { id: paymentId }, include: { deal: { include: { work: true } } } });
  if (!payment) throw new DomainError("NOT_FOUND", "licensing.error.paymentNotFound");
  if (!canRecordPayout(payment)) throw new DomainError("CONFLICT", "payments.error.payoutNotDue");
  if (payoutMadeOn.getTime() > now.getTime()) throw new DomainError("UNPROCESSABLE", "payments.error.payoutInFuture");
  if (payment.receivedOn && isoDay(payoutMadeOn.getTime()) < isoDay(payment.receivedOn.getTime())) {
    throw new DomainError("UNPROCESSABLE", "payments.error.payoutBeforeReceipt");
  }
  const reference = payoutReference.trim();
  return db.$transaction(async (tx) => {
    const { count } = await tx.payment.updateMany({
      where: { id: paymentId, status: "succeeded", method: "offline", payoutMadeOn: null },
      data: { payoutMadeOn, payoutReference: reference },
    });
    if (count === 0) throw new DomainError("CONFLICT", "payments.error.payoutNotDue");
    const day = isoDay(payoutMadeOn.getTime());
    await recordAuditEvent(tx, {
      actorId,
      action: "payment.payout_made",
      entityId: paymentId,
      data: {
        dealId: payment.dealId,
        reference: payment.deal.reference,
        purpose: payment.purpose,
        payoutFen: payment.payoutFen,
        payoutMadeOn: day,
        payoutReference: reference,
      },
    });
    await notifyUsers(tx, await workManagerIds(tx, payment.deal.work), {
      kind: "payoutMade",
      params: { reference: payment.deal.reference, amount: formatYuan(payment.payoutFen), date: day, payoutReference: reference },
      link: dealLink(payment.deal.reference),
    });
    return { reference: payment.deal.reference, payoutMadeOn: day, payoutReference: reference };
  });
}
