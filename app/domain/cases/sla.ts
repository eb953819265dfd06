/**
 * Service levels for infringement cases, counted in working days in Asia/Shanghai.
 *
 * Counting follows the usual reading of "within N working days" (N个工作日内) in PRC rules:
 * the day the case arrives is not counted; the deadline is the end (24:00 Shanghai time) of
 * the Nth working day after it. Working days are Monday–Friday, except public holidays, plus
 * the weekend days officially made working days (调休上班). Holiday data comes from the State
 * Council's yearly notices; for a year without data only weekends count, and
 * `calendarCovers(year)` says so — add each year's notice (published each November) below.
 */

import { chinaDate, startOfChinaDay } from "~/domain/time/china-time";

type WorkingCalendar = {
  /** Local dates "YYYY-MM-DD" that are days off although Monday–Friday. */
  holidays: ReadonlySet<string>;
  /** Local dates that are working days although Saturday/Sunday. */
  workdays: ReadonlySet<string>;
  /** Years whose official arrangement is included. */
  years: ReadonlySet<number>;
};

function days(year: number, month: number, from: number, to = from): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d++) out.push(`${year}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
  return out;
}

/** 国办发明电〔2024〕12号, 2024-11-12: the 2025 arrangement. */
const PRC_2025 = {
  holidays: [
    ...days(2025, 1, 1),
    ...days(2025, 1, 28, 31),
    ...days(2025, 2, 1, 4),
    ...days(2025, 4, 4, 6),
    ...days(2025, 5, 1, 5),
    ...days(2025, 5, 31),
    ...days(2025, 6, 1, 2),
    ...days(2025, 10, 1, 8),
  ],
  workdays: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
};

/** State Council notice of 2025-11-04: the 2026 arrangement. */
const PRC_2026 = {
  holidays: [
    ...days(2026, 1, 1, 3),
    ...days(2026, 2, 15, 23),
    ...days(2026, 4, 4, 6),
    ...days(2026, 5, 1, 5),
    ...days(2026, 6, 19, 21),
    ...days(2026, 9, 25, 27),
    ...days(2026, 10, 1, 7),
  ],
  workdays: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
};

export const PRC_CALENDAR: WorkingCalendar = {
  holidays: new Set([...PRC_2025.holidays, ...PRC_2026.holidays]),
  workdays: new Set([...PRC_2025.workdays, ...PRC_2026.workdays]),
  years: new Set([2025, 2026]),
};

export const WEEKENDS_ONLY: WorkingCalendar = { holidays: new Set(), workdays: new Set(), years: new Set() };

export function calendarCovers(year: number, calendar: WorkingCalendar = PRC_CALENDAR): boolean {
  return calendar.years.has(year);
}

const DAY_MS = 86_400_000;

function nextDate(localDate: string, by = 1): string {
  return new Date(Date.parse(`${localDate}T00:00:00Z`) + by * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(localDate: string, calendar: WorkingCalendar = PRC_CALENDAR): boolean {
  if (calendar.workdays.has(localDate)) return true;
  if (calendar.holidays.has(localDate)) return false;
  const dow = new Date(`${localDate}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The local date of the nth working day after `from`'s date (n ≥ 1; `from`'s own date is not counted). */
export function nthWorkingDayAfter(from: Date, n: number, calendar: WorkingCalendar = PRC_CALENDAR): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  let d = chinaDate(from);
  for (let counted = 0; counted < n;) {
    d = nextDate(d);
    if (isWorkingDay(d, calendar)) counted++;
  }
  return d;
}

/**
 * The instant a deadline of n working days from `from` passes: 24:00 Shanghai time at the end
 * of the nth working day. n = 0 means "by the end of the day of `from`".
 */
export function workingDayDeadline(from: Date, n: number, calendar: WorkingCalendar = PRC_CALENDAR): Date {
  const last = n === 0 ? chinaDate(from) : nthWorkingDayAfter(from, n, calendar);
  return startOfChinaDay(nextDate(last));
}

/**
 * Working days left before `dueAt`, counting today if it is a working day; 0 once passed.
 * For display ("2 working days left").
 */
export function workingDaysLeft(now: Date, dueAt: Date, calendar: WorkingCalendar = PRC_CALENDAR): number {
  if (now.getTime() >= dueAt.getTime()) return 0;
  let left = 0;
  for (let d = chinaDate(now); startOfChinaDay(d).getTime() < dueAt.getTime(); d = nextDate(d)) {
    if (isWorkingDay(d, calendar)) left++;
  }
  return left;
}

export const CASE_SLA = {
  /** Triage ends when the case goes to investigation or is dismissed. */
  triageWorkingDays: 2,
  /** Counted from the report (the reporter's wait), or from a reopening/appeal. */
  decisionWorkingDays: 20,
  /** "due soon" from the start of the last N working days of each clock. */
  triageDueSoonWorkingDays: 1,
  decisionDueSoonWorkingDays: 3,
} as const;

export const SLA_STATUSES = ["on_time", "due_soon", "overdue"] as const;
type SlaStatus = (typeof SLA_STATUSES)[number];

type SlaClock = {
  status: SlaStatus;
  dueAt: Date;
  dueSoonFrom: Date;
  /** When the step was done, or null while it is pending. A step done late stays "overdue". */
  completedAt: Date | null;
};

type SlaCaseTimes = {
  reportedAt: Date;
  /** When triage ended (investigation opened or case dismissed). */
  triagedAt?: Date | null;
  /** The latest decision. */
  decidedAt?: Date | null;
  /** The latest reopening or accepted appeal; restarts the decision clock. */
  reopenedAt?: Date | null;
};

function clock(start: Date, workingDays: number, dueSoonDays: number, completedAt: Date | null, now: Date, calendar: WorkingCalendar): SlaClock {
  const dueAt = workingDayDeadline(start, workingDays, calendar);
  const before = workingDays - dueSoonDays;
  const dueSoonFrom = before <= 0 ? start : workingDayDeadline(start, before, calendar);
  let status: SlaStatus;
  if (completedAt) status = completedAt.getTime() < dueAt.getTime() ? "on_time" : "overdue";
  else if (now.getTime() >= dueAt.getTime()) status = "overdue";
  else if (now.getTime() >= dueSoonFrom.getTime()) status = "due_soon";
  else status = "on_time";
  return { status, dueAt, dueSoonFrom, completedAt };
}

export function slaStatus(c: SlaCaseTimes, now: Date, calendar: WorkingCalendar = PRC_CALENDAR): { triage: SlaClock; decision: SlaClock } {
  // After a reopening the decision clock runs from it, and only a decision after it counts.
  const decisionStart = c.reopenedAt ?? c.reportedAt;
  const decisionDone = c.decidedAt && c.decidedAt.getTime() >= decisionStart.getTime() ? c.decidedAt : null;
  // A dismissal straight from triage ends triage too.
  const triageDone = c.triagedAt ?? c.decidedAt ?? null;
  return {
    triage: clock(c.reportedAt, CASE_SLA.triageWorkingDays, CASE_SLA.triageDueSoonWorkingDays, triageDone, now, calendar),
    decision: clock(decisionStart, CASE_SLA.decisionWorkingDays, CASE_SLA.decisionDueSoonWorkingDays, decisionDone, now, calendar),
  };
}
