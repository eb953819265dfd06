import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoDay, parseIsoDay } from "./iso-day";
import { addMonths, isReportOverdue, proRataGuarantee, royaltyPeriods } from "./royalty-periods";

describe("royaltyPeriods", () => {
  it("cuts a two-year licence into eight quarters, closing each contract year", () => {
    const p = royaltyPeriods("2026-03-15", "2028-03-15");
    expect(p).toHaveLength(8);
    expect(p[0]).toMatchObject({ start: "2026-03-15", end: "2026-06-15", contractYear: 0, closesYear: false });
    expect(p[3]).toMatchObject({ start: "2026-12-15", end: "2027-03-15", contractYear: 0, closesYear: true, periodsInYear: 4 });
    expect(p[7]).toMatchObject({ end: "2028-03-15", contractYear: 1, closesYear: true });
  });

  it("clamps month ends and cuts the last period at the term's end", () => {
    const p = royaltyPeriods("2026-11-30", "2027-06-01");
    expect(p.map((x) => [x.start, x.end])).toEqual([
      ["2026-11-30", "2027-02-28"],
      ["2027-02-28", "2027-05-30"],
      ["2027-05-30", "2027-06-01"],
    ]);
    expect(p[2]).toMatchObject({ closesYear: true, periodsInYear: 3 });
  });

  it("always tiles the whole term without gaps or overlaps", () => {
    const day = fc.integer({ min: Date.UTC(2000, 0, 1) / 86_400_000, max: Date.UTC(2060, 0, 1) / 86_400_000 });
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 3000 }), (s, len) => {
        const start = isoDay(s * 86_400_000);
        const end = isoDay((s + len) * 86_400_000);
        const p = royaltyPeriods(start, end);
        expect(p[0].start).toBe(start);
        expect(p.at(-1)!.end).toBe(end);
        for (let i = 1; i < p.length; i++) expect(p[i].start).toBe(p[i - 1].end);
        for (const x of p) expect(parseIsoDay(x.start)! < parseIsoDay(x.end)!).toBe(true);
        expect(p.filter((x) => x.closesYear)).toHaveLength(Math.ceil(p.length / 4));
      }),
    );
  });
});

describe("guarantee and overdue", () => {
  it("pro-rates the minimum guarantee by quarters, half up", () => {
    expect(proRataGuarantee(1_000_000, 4)).toBe(1_000_000);
    expect(proRataGuarantee(1_000_001, 1)).toBe(250_000);
    expect(proRataGuarantee(1_000_002, 1)).toBe(250_001);
    expect(proRataGuarantee(3, 2)).toBe(2);
  });
  it("flags a report 30 days after the period ended", () => {
    expect(isReportOverdue({ end: "2026-03-01" }, new Date("2026-03-31T00:00:00Z"))).toBe(false);
    expect(isReportOverdue({ end: "2026-03-01" }, new Date("2026-03-31T00:00:01Z"))).toBe(true);
  });
  it("adds months with end-of-month clamping", () => {
    expect(isoDay(addMonths(parseIsoDay("2028-01-31")!, 1))).toBe("2028-02-29");
  });
});
