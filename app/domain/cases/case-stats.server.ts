import type { PrismaClient } from "@prisma/client";
import { CASE_STATUSES } from "./case-state";
import { OPEN_CASE_STATUSES } from "./open-statuses";
import { PLATFORMS } from "./platforms";
import { daysBetween, median, round1 } from "~/domain/stats";

type CaseStats = {
  open: number;
  byStatus: Array<{ status: string; count: number }>;
  byPlatform: Array<{ platform: string; count: number }>;
  overdue: { triage: number; decision: number };
  decided: number;
  /** Median calendar days from report to decision over decided cases; null when none. */
  medianDaysToDecision: number | null;
  byResolution: Array<{ resolution: string; count: number }>;
};

const inTriage = ["reported", "triage"];

/** Figures for the officer dashboard (and its CSV export). */
export async function caseStats({ db, now = new Date() }: { db: PrismaClient; now?: Date }): Promise<CaseStats> {
  const cases = await db.infringementCase.findMany({
    select: { status: true, platform: true, resolution: true, createdAt: true, decidedAt: true, triageDueAt: true, decisionDueAt: true },
  });
  const open = cases.filter((c) => (OPEN_CASE_STATUSES as readonly string[]).includes(c.status));
  const count = <T extends string>(keys: readonly T[], of: (c: (typeof cases)[number]) => string | null, from = cases) =>
    keys.map((k) => ({ key: k, count: from.filter((c) => of(c) === k).length }));
  const decided = cases.filter((c) => c.status === "resolved" && c.decidedAt);
  return {
    open: open.length,
    byStatus: count(CASE_STATUSES, (c) => c.status).map(({ key, count }) => ({ status: key, count })),
    byPlatform: count(PLATFORMS, (c) => c.platform, open).map(({ key, count }) => ({ platform: key, count })),
    overdue: {
      triage: open.filter((c) => inTriage.includes(c.status) && c.triageDueAt.getTime() <= now.getTime()).length,
      decision: open.filter((c) => c.decisionDueAt.getTime() <= now.getTime()).length,
    },
    decided: decided.length,
    medianDaysToDecision: median(decided.map((c) => round1(daysBetween(c.createdAt, c.decidedAt!)))),
    byResolution: [...new Set(decided.map((c) => c.resolution ?? ""))]
      .sort()
      .map((r) => ({ resolution: r, count: decided.filter((c) => c.resolution === r).length })),
  };
}

function csvCell(v: string | number | null): string {
  const s = v === null ? "" : String(v);
  // Quote always; a leading =,+,-,@ would be a formula in a spreadsheet.
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
}

export function caseStatsCsv(s: CaseStats): string {
  const rows: Array<Array<string | number | null>> = [["section", "key", "value"]];
  rows.push(["total", "open", s.open], ["total", "decided", s.decided], ["total", "median_days_to_decision", s.medianDaysToDecision]);
  rows.push(["overdue", "triage", s.overdue.triage], ["overdue", "decision", s.overdue.decision]);
  for (const r of s.byStatus) rows.push(["status", r.status, r.count]);
  for (const r of s.byPlatform) rows.push(["open_by_platform", r.platform, r.count]);
  for (const r of s.byResolution) rows.push(["resolution", r.resolution, r.count]);
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
