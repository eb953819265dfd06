import { describe, expect, it } from "vitest";
import { compareMatches, isMotifMatch, isPlausibleRegion, MOTIF_MIN_SCORE, type Point } from "./motif-rules";

const square: Point[] = [
  [100, 100],
  [500, 100],
  [500, 400],
  [100, 400],
];

describe("motif rules", () => {
  it("accepts a convex region of reasonable size", () => {
    expect(isPlausibleRegion(square, 800, 600)).toBe(true);
  });
  it("refuses a self-crossing (bow-tie) or collapsed quadrilateral", () => {
    expect(isPlausibleRegion([square[0]!, square[2]!, square[1]!, square[3]!], 800, 600)).toBe(false);
    expect(isPlausibleRegion([[0, 0], [1, 1], [2, 2], [3, 3]], 800, 600)).toBe(false);
    expect(isPlausibleRegion([[0, 0], [1, 0], [1, 1], [0, 1]], 800, 600)).toBe(false);
    expect(isPlausibleRegion(null, 800, 600)).toBe(false);
    expect(isPlausibleRegion([[0, 0], [NaN, 0], [1, 1], [0, 1]], 800, 600)).toBe(false);
  });
  it("needs the threshold score and a plausible region", () => {
    expect(isMotifMatch({ score: MOTIF_MIN_SCORE, quad: square }, { width: 800, height: 600 })).toBe(true);
    expect(isMotifMatch({ score: MOTIF_MIN_SCORE - 1, quad: square }, { width: 800, height: 600 })).toBe(false);
    expect(isMotifMatch({ score: 500, quad: null }, { width: 800, height: 600 })).toBe(false);
  });
  it("orders same, then motif by score, then similar", () => {
    const list = [
      { verdict: "similar" as const, distance: 40, inliers: null },
      { verdict: "motif" as const, distance: null, inliers: 20 },
      { verdict: "same" as const, distance: 12, inliers: null },
      { verdict: "motif" as const, distance: null, inliers: 300 },
      { verdict: "same" as const, distance: 3, inliers: null },
    ];
    expect(list.sort(compareMatches).map((m) => `${m.verdict}:${m.distance ?? m.inliers}`)).toEqual(["same:3", "same:12", "motif:300", "motif:20", "similar:40"]);
  });
});

describe("candidates to verify", () => {
  it("keeps the best few, cut where the score falls far below the best", async () => {
    const { candidatesToVerify } = await import("./motif-rules");
    const ranked = [100, 90, 50, 36, 34, 20].map((score, i) => ({ id: `v${i}`, score }));
    expect(candidatesToVerify(ranked, 12, 0.35).map((c) => c.id)).toEqual(["v0", "v1", "v2", "v3"]);
    expect(candidatesToVerify(ranked, 2, 0.35).map((c) => c.id)).toEqual(["v0", "v1"]);
    expect(candidatesToVerify([], 12, 0.35)).toEqual([]);
  });
});
