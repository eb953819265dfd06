import { assertPermission } from "~/domain/access/roles.server";
import { daysBetween, median, round1 } from "~/domain/stats";
import { prisma } from "~/utils/db.server";

const MONTHS = 12;

/** "YYYY-MM" of the last n months (UTC), oldest first, ending with the month of `now`. */
export function lastMonths(now: Date, n = MONTHS): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

function perMonth(dates: readonly Date[], months: readonly string[]) {
  const counts = new Map(months.map((m) => [m, 0]));
  for (const d of dates) {
    const m = d.toISOString().slice(0, 7);
    if (counts.has(m)) counts.set(m, counts.get(m)! + 1);
  }
  return months.map((month) => ({ month, count: counts.get(month)! }));
}

/**
 * Registration and licensing figures for officers: works by status, registrations and licences
 * started per month (last 12 months, UTC), deals by status, median days from submission to
 * registration and from request to approval (over the same 12 months).
 */
export async function registryStats({ officerId, now = new Date() }: { officerId: string; now?: Date }) {
  await assertPermission(prisma, officerId, "work:examine");
  const months = lastMonths(now);
  const since = new Date(`${months[0]}-01T00:00:00Z`);
  const [worksByStatus, dealsByStatus, registered, activated, reviewed] = await Promise.all([
    prisma.work.groupBy({ by: ["status"], _count: { _all: true } }),
    prisma.deal.groupBy({ by: ["status"], _count: { _all: true } }),
    prisma.work.findMany({ where: { registeredAt: { gte: since } }, select: { registeredAt: true, submittedAt: true } }),
    prisma.deal.findMany({ where: { activatedAt: { gte: since } }, select: { activatedAt: true } }),
    prisma.deal.findMany({
      where: { reviewedAt: { gte: since }, status: { notIn: ["requested", "changes_requested", "rejected"] } },
      select: { reviewedAt: true, createdAt: true },
    }),
  ]);
  return {
    worksByStatus: worksByStatus.map((r) => ({ status: r.status, count: r._count._all })).sort((a, b) => b.count - a.count),
    dealsByStatus: dealsByStatus.map((r) => ({ status: r.status, count: r._count._all })).sort((a, b) => b.count - a.count),
    registrationsPerMonth: perMonth(
      registered.map((w) => w.registeredAt!),
      months,
    ),
    licencesPerMonth: perMonth(
      activated.map((d) => d.activatedAt!),
      months,
    ),
    medianDaysToRegister: round1(median(registered.filter((w) => w.submittedAt).map((w) => daysBetween(w.submittedAt!, w.registeredAt!)))),
    medianDaysToApprove: round1(median(reviewed.map((d) => daysBetween(d.createdAt, d.reviewedAt!)))),
    queue: worksByStatus.find((r) => r.status === "submitted")?._count._all ?? 0,
    requested: dealsByStatus.find((r) => r.status === "requested")?._count._all ?? 0,
  };
}
