import { describe, expect, it } from "vitest";
import { dealNextStep, DEAL_REVIEW_WORKING_DAYS } from "./deal-next-step";

const base = {
  createdAt: new Date("2026-11-27T02:00:00Z"), // Friday, Shanghai 10:00
  reviewedAt: null,
  updatedAt: new Date("2026-11-27T02:00:00Z"),
  termStart: new Date("2027-01-01T00:00:00Z"),
  termEnd: new Date("2027-12-31T00:00:00Z"),
};
const now = new Date("2026-11-30T03:00:00Z");

describe("dealNextStep", () => {
  it("requested: review within the working-day target, weekends skipped", () => {
    const s = dealNextStep({ ...base, status: "requested" }, now);
    // Fri 27 Nov + 5 working days = Fri 4 Dec; due at the end of that day, Shanghai time.
    expect(s).toEqual({ kind: "review", days: DEAL_REVIEW_WORKING_DAYS, dueAt: "2026-12-04T16:00:00.000Z" });
  });
  it("a resubmitted request counts from its resubmission", () => {
    const s = dealNextStep({ ...base, status: "requested", reviewedAt: new Date("2026-11-28T00:00:00Z"), updatedAt: new Date("2026-11-30T02:00:00Z") }, now);
    expect(s).toMatchObject({ kind: "review", dueAt: "2026-12-07T16:00:00.000Z" });
  });
  it("approved: pay before the term starts, or now once it has begun", () => {
    expect(dealNextStep({ ...base, status: "approved" }, now)).toEqual({ kind: "pay", payBy: "2027-01-01T00:00:00.000Z" });
    expect(dealNextStep({ ...base, status: "approved", termStart: new Date("2026-11-01T00:00:00Z") }, now)).toEqual({ kind: "pay", payBy: null });
  });
  it("active: in force through its last day (the day before the stored exclusive end); scheduled before its term; final states say so", () => {
    const running = { ...base, termStart: new Date("2026-01-01T00:00:00Z"), termEnd: new Date("2028-01-01T00:00:00Z") };
    expect(dealNextStep({ ...running, status: "active" }, now)).toEqual({ kind: "active", lastDay: "2027-12-31T00:00:00.000Z" });
    expect(dealNextStep({ ...base, status: "active", termEnd: new Date("2028-01-01T00:00:00Z") }, now)).toEqual({
      kind: "scheduled",
      starts: "2027-01-01T00:00:00.000Z",
      lastDay: "2027-12-31T00:00:00.000Z",
    });
    expect(dealNextStep({ ...base, status: "changes_requested" }, now)).toEqual({ kind: "changes" });
    expect(dealNextStep({ ...base, status: "expired" }, now)).toEqual({ kind: "final", status: "expired" });
  });
});
