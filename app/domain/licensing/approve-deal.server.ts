import { assertPermission } from "~/domain/access/roles.server";
import { workManagerIds } from "~/domain/access/work-managers.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { bankDetails, requireOfflineSettlement, type BankDetails } from "~/domain/payments/bank-details.server";
import { activateDealInTx, retryOnUniqueViolation } from "./activate-deal.server";
import { computeDealChecks, firstFailure } from "./deal-checks.server";
import { dealLink, notifyUsers, termsOfRow } from "./deal-access.server";
import { applyDealAction, asDealState } from "./deal-state";
import { splitFee } from "./fees";
import { companySnapshot } from "./request-deal.server";
import { canonicalTerms, termsHash } from "./terms";

/**
 * Serialises approvals of deals on the same work. The first statement of the transaction is a
 * write to the work's row: on SQLite it takes the database write lock before anything is read
 * (a read first would pin a snapshot that a concurrent approval can make stale); on PostgreSQL it
 * takes the row lock, so READ COMMITTED suffices — the second approval waits, then sees the first.
 */
async function lockWorkOfDeal(tx: Tx, dealId: string) {
  await tx.$executeRaw`UPDATE "Work" SET "id" = "id" WHERE "id" = (SELECT "workId" FROM "Deal" WHERE "id" = ${dealId})`;
}

/**
 * The exchange center approves a request: the checks run again under the lock, the terms are
 * frozen (canonical JSON + SHA-256), and the upfront payment falls due — or, with no upfront fee,
 * the licence starts at once.
 */
export async function approveDeal({
  db,
  actorId,
  dealId,
  feeBps = getEnv().EXCHANGE_FEE_BPS,
  paymentMethod = getEnv().STRIPE_SECRET_KEY ? "stripe" : "offline",
  overrideReason,
  bank = bankDetails(),
  now = new Date(),
}: {
  db: PrismaClient;
  actorId: string;
  dealId: string;
  /** Approve although an open case disputes the work's ownership; recorded in the audit event. */
  overrideReason?: string | null;
  feeBps?: number;
  paymentMethod?: "stripe" | "offline";
  /** The exchange center's account; null disables offline settlement (approval needing it is refused). */
  bank?: BankDetails | null;
  now?: Date;
}) {
  await assertPermission(db, actorId, "deal:review");
  return retryOnUniqueViolation(() =>
    db.$transaction(async (tx) => {
      await lockWorkOfDeal(tx, dealId);
      const deal = await tx.deal.findUnique({ where: { id: dealId }, include: { work: true, licensee: true } });
      if (!deal) throw new DomainError("NOT_FOUND", "licensing.error.dealNotFound");
      applyDealAction(asDealState(deal.status), "approve");
      const checks = await computeDealChecks(tx, deal);
      const reason = overrideReason?.trim() || null;
      const failure = firstFailure(checks, { disputeOverridden: !!reason });
      if (failure) throw new DomainError(failure.code, failure.key, failure.params);
      const overriddenDisputes = reason && checks.openCases.length ? { reason, cases: checks.openCases.map((c) => c.number) } : null;

      const terms = termsOfRow(deal);
      const snapshot = canonicalTerms(terms);
      const hash = termsHash(terms);
      await tx.deal.update({
        where: { id: dealId },
        data: {
          status: "approved",
          reviewerId: actorId,
          reviewedAt: now,
          reviewReason: null,
          termsSnapshot: snapshot,
          termsHash: hash,
          feeBps,
          licenseeCompany: companySnapshot(deal.licensee),
        },
      });
      let paymentId: string | null = null;
      if (deal.upfrontFeeFen > 0) {
        if (paymentMethod === "offline") requireOfflineSettlement(bank);
        const { feeFen, payoutFen } = splitFee(deal.upfrontFeeFen, feeBps);
        const payment = await tx.payment.create({
          data: { dealId, purpose: "upfront", method: paymentMethod, status: "pending", amountFen: deal.upfrontFeeFen, feeFen, payoutFen },
        });
        paymentId = payment.id;
      }
      await recordAuditEvent(tx, {
        actorId,
        action: "deal.approved",
        entityId: dealId,
        data: { reference: deal.reference, termsHash: hash, feeBps, paymentId, ...(overriddenDisputes ? { overriddenDisputes } : {}) },
      });
      await notifyUsers(tx, [deal.licenseeId, ...(await workManagerIds(tx, deal.work))], {
        kind: "approved",
        params: { reference: deal.reference },
        link: dealLink(deal.reference),
      });
      const licenseNumber = paymentId ? null : await activateDealInTx({ tx, dealId, actorId, now });
      return { reference: deal.reference, termsHash: hash, paymentId, licenseNumber };
    }),
  );
}
