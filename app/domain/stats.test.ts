import { describe, expect, it } from "vitest";
import { daysBetween, median, round1 } from "./stats";

describe("statistics helpers", () => {
  it("median of odd and even counts, null for none", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it("days between two instants, fractional, and rounded to one decimal", () => {
    const from = new Date("2026-01-01T00:00:00Z");
    expect(daysBetween(from, new Date("2026-01-03T12:00:00Z"))).toBe(2.5);
    expect(round1(daysBetween(from, new Date("2026-01-01T01:00:00Z")))).toBe(0);
    expect(round1(1.26)).toBe(1.3);
    expect(round1(null)).toBeNull();
  });
});
