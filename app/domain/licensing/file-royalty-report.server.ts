import { assertPermission } from "~/domain/access/roles.server";
import { workManagerIds } from "~/domain/access/work-managers.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { getEnv } from "~/utils/env.server";
import { dealLink, notifyUsers } from "./deal-access.server";
import { minimumGuaranteeTopUp, royaltyDue, splitFee } from "./fees";
import { isoDay } from "./iso-day";
import { hasPeriodEnded, proRataGuarantee, royaltyPeriods } from "./royalty-periods";

/** Deals whose licensee still reports sales: running, or ended with periods left to report. */
export const REPORTING_STATES = ["active", "expired", "terminated"] as const;

/**
 * The licensee reports a finished period's units and net sales. The royalty due is computed
 * here, never typed; the report closing a contract year also tops the year up to the minimum
 * guarantee. What is owed becomes a pending payment, paid like the upfront fee.
 */
export async function fileRoyaltyReport({
  db,
  actorId,
  dealId,
  periodStart,
  units,
  netSalesFen,
  feeBps = getEnv().EXCHANGE_FEE_BPS,
  paymentMethod = getEnv().STRIPE_SECRET_KEY ? "stripe" : "offline",
  now = new Date(),
}: {
  db: PrismaClient;
  actorId: string;
  dealId: string;
  periodStart: string;
  units: number;
  netSalesFen: number;
  feeBps?: number;
  paymentMethod?: "stripe" | "offline";
  now?: Date;
}) {
  await assertPermission(db, actorId, "royalty:file");
  if (!Number.isSafeInteger(units) || units < 0) throw new DomainError("BAD_INPUT", "licensing.form.badUnits");
  const deal = await db.deal.findFirst({ where: { id: dealId, licenseeId: actorId }, include: { work: true } });
  if (!deal) throw new DomainError("NOT_FOUND", "licensing.error.dealNotFound");
  if (!(REPORTING_STATES as readonly string[]).includes(deal.status)) throw new DomainError("CONFLICT", "licensing.error.notActive");
  if (deal.royaltyBps === 0) throw new DomainError("UNPROCESSABLE", "licensing.error.noRoyalty");
  const due = royaltyDue({ netSalesFen, royaltyBps: deal.royaltyBps });
  const periods = royaltyPeriods(isoDay(deal.termStart.getTime()), isoDay(deal.termEnd.getTime()));
  const period = periods.find((p) => p.start === periodStart);
  if (!period) throw new DomainError("BAD_INPUT", "licensing.error.badPeriod");
  if (!hasPeriodEnded(period, now)) throw new DomainError("UNPROCESSABLE", "licensing.error.periodNotEnded");

  return db.$transaction(async (tx) => {
    // Write first: takes the lock so two filings for one deal cannot both count the same year.
    await tx.$executeRaw`UPDATE "Deal" SET "id" = "id" WHERE "id" = ${dealId}`;
    const filed = await tx.royaltyReport.findMany({ where: { dealId }, select: { periodStart: true, royaltyDueFen: true } });
    const filedStarts = new Set(filed.map((r) => isoDay(r.periodStart.getTime())));
    if (filedStarts.has(periodStart)) throw new DomainError("CONFLICT", "licensing.error.periodAlreadyReported");
    const missing = periods.find((p) => p.index < period.index && !filedStarts.has(p.start));
    if (missing) throw new DomainError("UNPROCESSABLE", "licensing.error.earlierPeriodMissing", { start: missing.start });

    let topUpFen = 0;
    if (period.closesYear && deal.minimumGuaranteeFen > 0) {
      const yearStarts = new Set(periods.filter((p) => p.contractYear === period.contractYear).map((p) => p.start));
      const yearRoyaltiesFen = filed.filter((r) => yearStarts.has(isoDay(r.periodStart.getTime()))).reduce((s, r) => s + r.royaltyDueFen, due);
      topUpFen = minimumGuaranteeTopUp({ yearRoyaltiesFen, minimumGuaranteeFen: proRataGuarantee(deal.minimumGuaranteeFen, period.periodsInYear) });
    }
    const total = due + topUpFen;
    const report = await tx.royaltyReport.create({
      data: {
        dealId,
        filedById: actorId,
        periodStart: new Date(`${period.start}T00:00:00.000Z`),
        periodEnd: new Date(`${period.end}T00:00:00.000Z`),
        units,
        netSalesFen,
        royaltyDueFen: due,
        topUpFen,
        status: total > 0 ? "filed" : "paid",
      },
    });
    let paymentId: string | null = null;
    if (total > 0) {
      const { feeFen, payoutFen } = splitFee(total, deal.feeBps ?? feeBps);
      paymentId = (
        await tx.payment.create({
          data: { dealId, royaltyReportId: report.id, purpose: "royalty", method: paymentMethod, amountFen: total, feeFen, payoutFen },
        })
      ).id;
    }
    await recordAuditEvent(tx, {
      actorId,
      action: "royalty.reported",
      entityId: dealId,
      data: {
        reference: deal.reference,
        reportId: report.id,
        periodStart: period.start,
        periodEnd: period.end,
        units,
        netSalesFen,
        royaltyDueFen: due,
        topUpFen,
        paymentId,
      },
    });
    await notifyUsers(tx, await workManagerIds(tx, deal.work), {
      kind: "royaltyReported",
      params: { reference: deal.reference, start: period.start },
      link: dealLink(deal.reference),
    });
    return { report, paymentId, totalFen: total };
  });
}
