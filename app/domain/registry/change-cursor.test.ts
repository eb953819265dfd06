import { describe, expect, it } from "vitest";
import { ChangeCursor } from "./change-cursor";

describe("ChangeCursor", () => {
  it("moves over contiguous values and reports each once", () => {
    const c = new ChangeCursor(10);
    expect(c.accept([11, 12, 13], 0)).toEqual([11, 12, 13]);
    expect(c.position).toBe(13);
    expect(c.accept([], 0)).toEqual([]);
    expect(c.waiting).toBe(false);
  });

  it("waits at a gap (a transaction committing out of order), then takes the late value", () => {
    const c = new ChangeCursor(0, 10_000);
    expect(c.accept([1, 3, 4], 0)).toEqual([1, 3, 4]);
    expect(c.position).toBe(1); // 2 not committed yet
    expect(c.waiting).toBe(true);
    // The reader asks again from position 1: 3 and 4 come back but are not reported twice.
    expect(c.accept([2, 3, 4], 500)).toEqual([2]);
    expect(c.position).toBe(4);
    expect(c.waiting).toBe(false);
  });

  it("steps over a value that never commits (rolled back) after the wait", () => {
    const c = new ChangeCursor(0, 1000);
    c.accept([1, 3], 0);
    expect(c.position).toBe(1);
    c.accept([3], 999);
    expect(c.position).toBe(1);
    c.accept([3], 1000);
    expect(c.position).toBe(3);
  });

  it("waits once for a run of missing values, not once per value", () => {
    const c = new ChangeCursor(0, 1000);
    c.accept([1, 5], 0);
    expect(c.position).toBe(1);
    c.accept([5], 1000);
    expect(c.position).toBe(5);
    expect(c.waiting).toBe(false);
    expect(c.gapAhead([9])).toBe(3);
  });
});
