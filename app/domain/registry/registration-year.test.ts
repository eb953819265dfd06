import { describe, expect, it } from "vitest";
import { registrationYear } from "./registration-year";

describe("registrationYear", () => {
  it("uses the calendar year in China (UTC+8)", () => {
    expect(registrationYear(new Date("2026-12-31T15:59:59.999Z"))).toBe(2026);
    expect(registrationYear(new Date("2026-12-31T16:00:00.000Z"))).toBe(2027);
    expect(registrationYear(new Date("2027-01-01T00:00:00.000Z"))).toBe(2027);
    expect(registrationYear(new Date("2026-06-15T12:00:00.000Z"))).toBe(2026);
  });
});
