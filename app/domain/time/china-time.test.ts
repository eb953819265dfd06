import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chinaDate, chinaDateTime, chinaYear, REGISTRY_TIME_ZONE, startOfChinaDay } from "./china-time";

const intlDate = new Intl.DateTimeFormat("en-CA", { timeZone: REGISTRY_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

describe("China time", () => {
  it("a new year (and day) starts at 16:00 UTC the evening before", () => {
    expect(chinaYear(new Date("2026-12-31T15:59:59.999Z"))).toBe(2026);
    expect(chinaYear(new Date("2026-12-31T16:00:00Z"))).toBe(2027);
    expect(chinaDate(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01");
    expect(chinaDateTime(Date.parse("2026-12-31T16:30:00Z"))).toBe("2027-01-01 00:30");
    expect(startOfChinaDay("2027-01-01").toISOString()).toBe("2026-12-31T16:00:00.000Z");
  });

  it("the fixed offset gives the dates Intl gives for Asia/Shanghai (no daylight saving since 1991)", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse("1992-01-01"), max: Date.parse("2100-01-01") }), (t) => {
        expect(chinaDate(t)).toBe(intlDate.format(t));
        expect(chinaYear(new Date(t))).toBe(Number(chinaDate(t).slice(0, 4)));
        expect(startOfChinaDay(chinaDate(t)).getTime()).toBeLessThanOrEqual(t);
        expect(t - startOfChinaDay(chinaDate(t)).getTime()).toBeLessThan(86_400_000);
      }),
      { numRuns: 2000 },
    );
  });
});
