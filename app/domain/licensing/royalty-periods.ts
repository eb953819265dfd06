/**
 * Royalty reporting periods: calendar quarters of the contract, counted from the licence's first
 * day (a licence starting 15 March reports 15 Mar–14 Jun, 15 Jun–14 Sep, …), cut at the term's
 * end. Four periods make a contract year; the minimum guarantee is settled with the last report
 * of each contract year, pro rata for a short final year.
 */
import { DAY_MS, isoDay, parseIsoDay } from "./iso-day";

const PERIOD_MONTHS = 3;
const PERIODS_PER_YEAR = 12 / PERIOD_MONTHS;
/** A report is overdue this many days after its period ended. */
const REPORT_GRACE_DAYS = 30;

type RoyaltyPeriod = {
  index: number;
  /** "YYYY-MM-DD", inclusive */
  start: string;
  /** "YYYY-MM-DD", exclusive */
  end: string;
  contractYear: number;
  /** The report for this period settles the year's minimum guarantee. */
  closesYear: boolean;
  /** Periods in this contract year (4, or fewer in a short final year). */
  periodsInYear: number;
};

/** Same day-of-month `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(dayMs: number, months: number): number {
  const d = new Date(dayMs);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay));
}

export function royaltyPeriods(termStart: string, termEnd: string): RoyaltyPeriod[] {
  const start = parseIsoDay(termStart);
  const end = parseIsoDay(termEnd);
  if (start === null || end === null || !(start < end)) throw new RangeError(`Bad term ${termStart}..${termEnd}`);
  const raw: { start: number; end: number }[] = [];
  for (let i = 0; ; i++) {
    const s = addMonths(start, i * PERIOD_MONTHS);
    if (s >= end) break;
    raw.push({ start: s, end: Math.min(addMonths(start, (i + 1) * PERIOD_MONTHS), end) });
  }
  return raw.map((p, index) => {
    const contractYear = Math.floor(index / PERIODS_PER_YEAR);
    const yearFirst = contractYear * PERIODS_PER_YEAR;
    const periodsInYear = Math.min(PERIODS_PER_YEAR, raw.length - yearFirst);
    return {
      index,
      start: isoDay(p.start),
      end: isoDay(p.end),
      contractYear,
      closesYear: index === yearFirst + periodsInYear - 1,
      periodsInYear,
    };
  });
}

/** The minimum guarantee owed for a contract year of `periodsInYear` quarters, rounded half up. */
export function proRataGuarantee(minimumGuaranteeFen: number, periodsInYear: number): number {
  const n = BigInt(minimumGuaranteeFen) * BigInt(periodsInYear);
  const d = BigInt(PERIODS_PER_YEAR);
  return Number((n * 2n + d) / (2n * d));
}

/** True when the period ended more than the grace days before `now`. */
export function isReportOverdue(period: { end: string }, now: Date): boolean {
  return parseIsoDay(period.end)! + REPORT_GRACE_DAYS * DAY_MS < now.getTime();
}

/** True once the period is over (reports are filed for finished periods only). */
export function hasPeriodEnded(period: { end: string }, now: Date): boolean {
  return parseIsoDay(period.end)! <= now.getTime();
}
