import { describe, expect, it } from "vitest";
import {
  compareMatches,
  isMotifMatch,
  isPlausibleJacobian,
  isPlausibleRegion,
  MOTIF_MIN_AGREEMENT,
  MOTIF_MIN_CELLS,
  MOTIF_MIN_SCORE,
  motifRejection,
  type Point,
  type VerifiedShape,
} from "./motif-rules";

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
    expect(
      isPlausibleRegion(
        [
          [0, 0],
          [1, 1],
          [2, 2],
          [3, 3],
        ],
        800,
        600,
      ),
    ).toBe(false);
    expect(
      isPlausibleRegion(
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
        800,
        600,
      ),
    ).toBe(false);
    expect(isPlausibleRegion(null, 800, 600)).toBe(false);
    expect(
      isPlausibleRegion(
        [
          [0, 0],
          [NaN, 0],
          [1, 1],
          [0, 1],
        ],
        800,
        600,
      ),
    ).toBe(false);
  });
  it("needs the threshold score and a plausible region", () => {
    expect(isMotifMatch({ score: MOTIF_MIN_SCORE, quad: square }, { width: 800, height: 600 })).toBe(true);
    expect(isMotifMatch({ score: MOTIF_MIN_SCORE - 1, quad: square }, { width: 800, height: 600 })).toBe(false);
    expect(isMotifMatch({ score: 500, quad: null }, { width: 800, height: 600 })).toBe(false);
  });
  it("accepts the homographies of real edits and refuses mirrored, collapsed or absurdly scaled ones", () => {
    const rot = (deg: number, scale: number) => {
      const a = (deg * Math.PI) / 180;
      return [scale * Math.cos(a), -scale * Math.sin(a), scale * Math.sin(a), scale * Math.cos(a)];
    };
    expect(isPlausibleJacobian([1, 0, 0, 1])).toBe(true);
    expect(isPlausibleJacobian(rot(7, 0.6))).toBe(true); // rotated copy analysed larger
    expect(isPlausibleJacobian(rot(-12, 4))).toBe(true); // a work shown small in a page
    expect(isPlausibleJacobian([1, 0.18, 0.05, 1])).toBe(true); // shear
    expect(isPlausibleJacobian([-1, 0, 0, 1])).toBe(false); // a reflection: mirrored copies match through the mirrored query
    expect(isPlausibleJacobian(rot(0, 20))).toBe(false);
    expect(isPlausibleJacobian(rot(0, 0.05))).toBe(false);
    expect(isPlausibleJacobian([1, 0, 0, 0.1])).toBe(false); // collapsed onto a line
    expect(isPlausibleJacobian([1, 1, 1, 1])).toBe(false); // singular
    expect(isPlausibleJacobian(null)).toBe(false);
    expect(isPlausibleJacobian([1, NaN, 0, 1])).toBe(false);
  });
  it("gives the reason a verified pair is not a confident match", () => {
    const view = { width: 800, height: 600 };
    const good: VerifiedShape = { score: 200, quad: square, jacobian: [1, 0, 0, 1], hullFraction: 0.3, thinness: 0.6, photo: { cells: 40, agree: 39 } };
    expect(motifRejection(good, view)).toBeNull();
    expect(motifRejection({ ...good, score: MOTIF_MIN_SCORE - 1 }, view)).toBe("score");
    expect(motifRejection({ ...good, quad: null }, view)).toBe("region");
    expect(motifRejection({ ...good, jacobian: [-1, 0, 0, 1] }, view)).toBe("homography");
    // Points along a rim, a border or a line of text.
    expect(motifRejection({ ...good, thinness: 0.05 }, view)).toBe("spread");
    expect(motifRejection({ ...good, hullFraction: 0.002 }, view)).toBe("spread");
    // Two pieces on one wall: the wall agrees, the pieces between the points do not.
    const cells = 40;
    expect(motifRejection({ ...good, photo: { cells, agree: Math.ceil(cells * MOTIF_MIN_AGREEMENT) - 1 } }, view)).toBe("photometric");
    expect(motifRejection({ ...good, photo: { cells, agree: Math.ceil(cells * MOTIF_MIN_AGREEMENT) } }, view)).toBeNull();
    // Too small a textured area between the points to check: the score decides.
    expect(motifRejection({ ...good, photo: { cells: MOTIF_MIN_CELLS - 1, agree: 0 } }, view)).toBeNull();
    // Features stored before the thumbnail existed: the check cannot run until the backfill rewrites them.
    expect(motifRejection({ ...good, photo: null }, view)).toBeNull();
    expect(isMotifMatch(good, view)).toBe(true);
  });
  it("orders same, then motif by score, then similar", () => {
    const list = [
      { verdict: "similar" as const, distance: 40, inliers: null },
      { verdict: "motif" as const, distance: null, inliers: 20 },
      { verdict: "same" as const, distance: 12, inliers: null },
      { verdict: "motif" as const, distance: null, inliers: 300 },
      { verdict: "same" as const, distance: 3, inliers: null },
    ];
    expect(list.sort(compareMatches).map((m) => `${m.verdict}:${m.distance ?? m.inliers}`)).toEqual([
      "same:3",
      "same:12",
      "motif:300",
      "motif:20",
      "similar:40",
    ]);
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
