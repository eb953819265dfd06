import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PRC_CALENDAR, WEEKENDS_ONLY, calendarCovers, isWorkingDay, nthWorkingDayAfter, slaStatus, workingDayDeadline, workingDaysLeft } from "./sla";
import { chinaDate as shanghaiDate, startOfChinaDay as startOfShanghaiDay } from "~/domain/time/china-time";

/** A Shanghai wall-clock time as a UTC instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

function countWorkingDays(year: number): number {
  let n = 0;
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    if (isWorkingDay(new Date(t).toISOString().slice(0, 10), PRC_CALENDAR)) n++;
  }
  return n;
}

describe("Shanghai dates", () => {
  it("uses UTC+8 day boundaries", () => {
    expect(shanghaiDate(new Date("2026-03-09T15:59:59.999Z"))).toBe("2026-03-09");
    expect(shanghaiDate(new Date("2026-03-09T16:00:00Z"))).toBe("2026-03-10");
    expect(startOfShanghaiDay("2026-03-10").toISOString()).toBe("2026-03-09T16:00:00.000Z");
  });
});

describe("PRC calendar", () => {
  it("covers 2025 and 2026 only", () => {
    expect(calendarCovers(2025)).toBe(true);
    expect(calendarCovers(2026)).toBe(true);
    expect(calendarCovers(2027)).toBe(false);
  });

  // The holiday law grants 13 days off a year and the swapped weekend days (调休) cancel out,
  // so each year has (Mon–Fri count) − 13 working days; a typo in the data breaks this.
  it.each([
    [2025, 261 - 13],
    [2026, 261 - 13],
  ])("%i has %i working days", (year, expected) => {
    expect(countWorkingDays(year)).toBe(expected);
  });

  it.each<[string, boolean, string]>([
    ["2026-01-01", false, "New Year's Day"],
    ["2026-01-04", true, "Sunday made a working day"],
    ["2026-02-14", true, "Saturday before Spring Festival made a working day"],
    ["2026-02-16", false, "Spring Festival (Monday)"],
    ["2026-02-23", false, "last day of Spring Festival (Monday)"],
    ["2026-02-24", true, "first working day after Spring Festival"],
    ["2026-02-28", true, "Saturday made a working day"],
    ["2026-04-06", false, "Qingming (Monday)"],
    ["2026-05-09", true, "Saturday made a working day"],
    ["2026-06-19", false, "Dragon Boat (Friday)"],
    ["2026-09-20", true, "Sunday made a working day"],
    ["2026-09-25", false, "Mid-Autumn (Friday)"],
    ["2026-10-07", false, "National Day (Wednesday)"],
    ["2026-10-10", true, "Saturday made a working day"],
    ["2026-03-14", false, "ordinary Saturday"],
    ["2026-03-16", true, "ordinary Monday"],
    ["2025-10-08", false, "2025 National Day + Mid-Autumn (Wednesday)"],
  ])("%s working=%s (%s)", (date, working) => {
    expect(isWorkingDay(date, PRC_CALENDAR)).toBe(working);
  });

  it("WEEKENDS_ONLY ignores the holiday notice", () => {
    expect(isWorkingDay("2026-02-16", WEEKENDS_ONLY)).toBe(true);
    expect(isWorkingDay("2026-02-14", WEEKENDS_ONLY)).toBe(false);
  });
});

describe("working-day deadlines", () => {
  it("a Monday report must be triaged by the end of Wednesday", () => {
    expect(workingDayDeadline(sh("2026-03-09T10:00:00"), 2)).toEqual(sh("2026-03-12T00:00:00"));
  });

  it("the report day is not counted, even late at night; weekends are skipped", () => {
    expect(workingDayDeadline(sh("2026-03-13T23:30:00"), 2)).toEqual(sh("2026-03-18T00:00:00"));
    expect(workingDayDeadline(sh("2026-03-14T09:00:00"), 2)).toEqual(sh("2026-03-18T00:00:00"));
    // 00:30 Saturday Shanghai is still Friday in UTC: the local date decides.
    expect(workingDayDeadline(sh("2026-03-14T00:30:00"), 1)).toEqual(sh("2026-03-17T00:00:00"));
  });

  it("Spring Festival: a Friday report counts the make-up Saturday, then resumes after the holiday", () => {
    expect(nthWorkingDayAfter(sh("2026-02-13T10:00:00"), 1)).toBe("2026-02-14");
    expect(nthWorkingDayAfter(sh("2026-02-13T10:00:00"), 2)).toBe("2026-02-24");
    expect(nthWorkingDayAfter(sh("2026-02-13T10:00:00"), 2, WEEKENDS_ONLY)).toBe("2026-02-17");
  });

  it("National Day: a report on 30 September is due at the end of 9 October", () => {
    expect(workingDayDeadline(sh("2026-09-30T16:00:00"), 2)).toEqual(sh("2026-10-10T00:00:00"));
  });

  it("20 working days from 9 March 2026 skip the Qingming Monday", () => {
    expect(nthWorkingDayAfter(sh("2026-03-09T10:00:00"), 20)).toBe("2026-04-07");
    expect(nthWorkingDayAfter(sh("2026-03-09T10:00:00"), 20, WEEKENDS_ONLY)).toBe("2026-04-06");
  });

  it("property: the deadline is Shanghai midnight after a working day, with exactly n working days in between", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2026-11-30T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 25 }),
        (from, n) => {
          const due = workingDayDeadline(from, n);
          expect(shanghaiDate(due)).toBe(shanghaiDate(startOfShanghaiDay(shanghaiDate(due))));
          expect(due.getTime()).toBe(startOfShanghaiDay(shanghaiDate(due)).getTime());
          const lastDay = shanghaiDate(new Date(due.getTime() - 1));
          expect(isWorkingDay(lastDay)).toBe(true);
          // Counting from the day after `from`: n working days up to and including lastDay.
          const nextDay = startOfShanghaiDay(shanghaiDate(new Date(startOfShanghaiDay(shanghaiDate(from)).getTime() + 86_400_000)));
          expect(workingDaysLeft(nextDay, due)).toBe(n);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("workingDaysLeft counts today and stops at zero", () => {
    const due = sh("2026-03-12T00:00:00"); // end of Wednesday
    expect(workingDaysLeft(sh("2026-03-09T10:00:00"), due)).toBe(3);
    expect(workingDaysLeft(sh("2026-03-11T23:59:00"), due)).toBe(1);
    expect(workingDaysLeft(due, due)).toBe(0);
  });
});

describe("slaStatus", () => {
  const reportedAt = sh("2026-03-09T10:00:00"); // Monday
  // triage: due end of Wed 11 Mar, due soon from start of Wed; decision: due end of 7 Apr, due soon from start of 2 Apr.

  it("pending clocks go on_time → due_soon → overdue", () => {
    const at = (local: string) => slaStatus({ reportedAt }, sh(local));
    expect(at("2026-03-10T18:00:00").triage.status).toBe("on_time");
    expect(at("2026-03-11T00:00:00").triage.status).toBe("due_soon");
    expect(at("2026-03-11T23:59:59").triage.status).toBe("due_soon");
    expect(at("2026-03-12T00:00:00").triage.status).toBe("overdue");

    expect(at("2026-04-01T23:59:59").decision.status).toBe("on_time");
    expect(at("2026-04-02T00:00:00").decision.status).toBe("due_soon");
    expect(at("2026-04-08T00:00:00").decision.status).toBe("overdue");
    expect(at("2026-04-08T00:00:00").decision.dueAt).toEqual(sh("2026-04-08T00:00:00"));
  });

  it("completed clocks report whether they were met, whatever the time now", () => {
    const s = slaStatus({ reportedAt, triagedAt: sh("2026-03-11T17:00:00"), decidedAt: sh("2026-04-10T09:00:00") }, sh("2026-06-01T00:00:00"));
    expect(s.triage).toMatchObject({ status: "on_time", completedAt: sh("2026-03-11T17:00:00") });
    expect(s.decision).toMatchObject({ status: "overdue", completedAt: sh("2026-04-10T09:00:00") });
  });

  it("a dismissal straight from triage completes both clocks", () => {
    const s = slaStatus({ reportedAt, decidedAt: sh("2026-03-10T11:00:00") }, sh("2026-06-01T00:00:00"));
    expect(s.triage.status).toBe("on_time");
    expect(s.decision.status).toBe("on_time");
  });

  it("reopening restarts the decision clock from the reopening", () => {
    const reopenedAt = sh("2026-04-20T10:00:00"); // Monday
    const c = { reportedAt, triagedAt: sh("2026-03-10T10:00:00"), decidedAt: sh("2026-04-01T10:00:00"), reopenedAt };
    const s = slaStatus(c, sh("2026-04-21T10:00:00"));
    expect(s.decision.completedAt).toBeNull();
    expect(s.decision.status).toBe("on_time");
    // 20 working days after Mon 20 Apr, skipping 1–5 May and counting Saturday 9 May.
    expect(s.decision.dueAt).toEqual(workingDayDeadline(reopenedAt, 20));
    expect(shanghaiDate(new Date(s.decision.dueAt.getTime() - 1))).toBe("2026-05-20");
    // A new decision after the reopening completes it again.
    const later = slaStatus({ ...c, decidedAt: sh("2026-05-06T10:00:00") }, sh("2026-06-01T00:00:00"));
    expect(later.decision).toMatchObject({ status: "on_time", completedAt: sh("2026-05-06T10:00:00") });
  });

  it("accepts a calendar", () => {
    const s = slaStatus({ reportedAt: sh("2026-02-13T10:00:00") }, sh("2026-02-18T10:00:00"), WEEKENDS_ONLY);
    expect(s.triage.status).toBe("overdue");
    expect(slaStatus({ reportedAt: sh("2026-02-13T10:00:00") }, sh("2026-02-18T10:00:00")).triage.status).toBe("due_soon");
  });
});
