import type { PrismaClient } from "@prisma/client";
import { isoDay } from "./iso-day";
import { isReportOverdue, royaltyPeriods } from "./royalty-periods";

type OverdueReport = { dealId: string; reference: string; licensee: string; periodStart: string; periodEnd: string };

/**
 * Periods that ended more than 30 days ago without a report, on licences with a royalty. For an
 * ended licence only the periods it actually ran count.
 */
export async function listOverdueRoyaltyReports({ db, now = new Date() }: { db: PrismaClient; now?: Date }): Promise<OverdueReport[]> {
  const deals = await db.deal.findMany({
    where: { status: { in: ["active", "expired", "terminated"] }, royaltyBps: { gt: 0 } },
    select: {
      id: true,
      reference: true,
      termStart: true,
      termEnd: true,
      endedAt: true,
      status: true,
      licensee: { select: { companyName: true, name: true } },
      royaltyReports: { select: { periodStart: true } },
    },
  });
  const out: OverdueReport[] = [];
  for (const d of deals) {
    const filed = new Set(d.royaltyReports.map((r) => isoDay(r.periodStart.getTime())));
    const stop = d.status === "terminated" && d.endedAt ? d.endedAt.getTime() : Infinity;
    for (const p of royaltyPeriods(isoDay(d.termStart.getTime()), isoDay(d.termEnd.getTime()))) {
      if (Date.parse(p.start) >= stop) break;
      if (!filed.has(p.start) && isReportOverdue(p, now)) {
        out.push({ dealId: d.id, reference: d.reference, licensee: d.licensee.companyName ?? d.licensee.name, periodStart: p.start, periodEnd: p.end });
      }
    }
  }
  return out;
}
