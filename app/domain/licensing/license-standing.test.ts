import { describe, expect, it } from "vitest";
import { dealStanding } from "./license-standing";

const term = { termStart: new Date("2027-01-01T00:00:00Z"), termEnd: new Date("2028-01-01T00:00:00Z") };

describe("dealStanding", () => {
  it("an activated licence before its first day is scheduled, not in force", () => {
    expect(dealStanding({ status: "active", ...term }, new Date("2026-12-31T23:59:59Z"))).toBe("scheduled");
  });
  it("is in force from the first day to the last", () => {
    expect(dealStanding({ status: "active", ...term }, new Date("2027-01-01T00:00:00Z"))).toBe("active");
    expect(dealStanding({ status: "active", ...term }, new Date("2027-12-31T23:59:59Z"))).toBe("active");
  });
  it("is expired from the exclusive end on, before the expiry job runs", () => {
    expect(dealStanding({ status: "active", ...term }, new Date("2028-01-01T00:00:00Z"))).toBe("expired");
  });
  it("other states pass through", () => {
    for (const s of ["requested", "approved", "terminated", "expired", "rejected"])
      expect(dealStanding({ status: s, ...term }, new Date("2027-06-01T00:00:00Z"))).toBe(s);
  });
});
