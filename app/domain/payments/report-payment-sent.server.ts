import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { getEnv } from "~/utils/env.server";
import { removeSlip, storeSlip, type SlipUpload, type StoredSlip } from "./slip-files.server";

/** Deal states in which a payment can still be owed by bank transfer: the upfront fee, royalties. */
const PAYABLE_DEAL_STATES = ["approved", "active"] as const;

/**
 * The licensee says "I have paid" for a pending payment, optionally with the transfer slip. The
 * payment stays pending — only an officer's confirmation of the money received settles it — but
 * it moves to the front of the officers' queue with the slip beside it.
 */
export async function reportPaymentSent({
  db,
  actorId,
  paymentId,
  slip,
  dataDir = getEnv().DATA_DIR,
  now = new Date(),
}: {
  db: PrismaClient;
  actorId: string;
  paymentId: string;
  slip?: SlipUpload | null;
  dataDir?: string;
  now?: Date;
}) {
  const payment = await db.payment.findUnique({
    where: { id: paymentId },
    include: { deal: { select: { id: true, reference: true, status: true, licenseeId: true } } },
  });
  // Someone else's payment is as unknown as a missing one.
  if (!payment || payment.deal.licenseeId !== actorId) throw new DomainError("NOT_FOUND", "licensing.error.paymentNotFound");
  if (payment.status !== "pending" || !(PAYABLE_DEAL_STATES as readonly string[]).includes(payment.deal.status)) {
    throw new DomainError("CONFLICT", "payments.error.notReportable");
  }
  if (payment.reportedPaidAt) throw new DomainError("CONFLICT", "payments.error.alreadyReported");

  const stored: StoredSlip | null = slip ? await storeSlip(dataDir, slip) : null;
  try {
    return await db.$transaction(async (tx) => {
      const { count } = await tx.payment.updateMany({
        where: { id: paymentId, status: "pending", reportedPaidAt: null },
        data: {
          reportedPaidAt: now,
          ...(stored ? { slipSha256: stored.sha256, slipMime: stored.mime, slipName: stored.name, slipSizeBytes: stored.sizeBytes } : {}),
        },
      });
      if (count === 0) throw new DomainError("CONFLICT", "payments.error.alreadyReported");
      await recordAuditEvent(tx, {
        actorId,
        action: "payment.reported_paid",
        entityId: paymentId,
        data: {
          dealId: payment.dealId,
          reference: payment.deal.reference,
          purpose: payment.purpose,
          amountFen: payment.amountFen,
          slip: stored ? { sha256: stored.sha256, mime: stored.mime, sizeBytes: stored.sizeBytes } : null,
        },
      });
      return { reference: payment.deal.reference, reportedPaidAt: now, slipSha256: stored?.sha256 ?? null };
    });
  } catch (e) {
    if (stored) await removeSlip(db, dataDir, stored);
    throw e;
  }
}
