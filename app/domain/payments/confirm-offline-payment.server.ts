import { assertPermission } from "~/domain/access/roles.server";
import type { PrismaClient } from "@prisma/client";
import { DomainError } from "~/domain/errors";
import { retryOnUniqueViolation } from "~/domain/licensing/activate-deal.server";
import { settlePaymentInTx } from "./settle-payment.server";

/**
 * An officer records a bank transfer received by the exchange center. The amount must be exactly
 * what is due — a short or over payment is sorted out with the licensee, not recorded as paid.
 */
export async function confirmOfflinePayment({
  db,
  actorId,
  paymentId,
  amountFen,
  receivedOn,
  now = new Date(),
}: {
  db: PrismaClient;
  actorId: string;
  paymentId: string;
  amountFen: number;
  receivedOn: Date;
  now?: Date;
}) {
  await assertPermission(db, actorId, "payment:confirm");
  const payment = await db.payment.findUnique({ where: { id: paymentId } });
  if (!payment) throw new DomainError("NOT_FOUND", "licensing.error.paymentNotFound");
  if (payment.status !== "pending") throw new DomainError("CONFLICT", "licensing.error.paymentNotPending");
  if (amountFen !== payment.amountFen) throw new DomainError("UNPROCESSABLE", "licensing.error.amountMismatch");
  if (receivedOn.getTime() > now.getTime()) throw new DomainError("UNPROCESSABLE", "licensing.error.receivedInFuture");
  const settled = await retryOnUniqueViolation(() =>
    db.$transaction((tx) => settlePaymentInTx({ tx, paymentId, actorId, settlement: { method: "offline", confirmedById: actorId, receivedOn }, now })),
  );
  if (!settled) throw new DomainError("CONFLICT", "licensing.error.paymentNotPending");
  return db.deal.findUniqueOrThrow({ where: { id: payment.dealId }, select: { reference: true, status: true, licenseNumber: true } });
}
