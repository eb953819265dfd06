/**
 * Pure rules of the local-feature ("motif") matcher, calibrated in docs/benchmarks.md.
 *
 * score = distinct inlier locations of the homography between a query and a registered view.
 * Calibration (docs/benchmarks.md, `npm run motif:calibrate`): different photos score at most 8;
 * different demo pieces of one glaze palette drawn with the same motif shapes at most 21 (17 of
 * 1,104 pairs reach 15); edited copies of a registered photo 42 and up (crop 20%), mostly
 * hundreds. MOTIF_MIN_SCORE, the confident-match threshold, sits above the shared-motif negatives.
 */
export const MOTIF_MIN_SCORE = 24;
/** Fewer keypoints than this in a query: "not enough detail to compare by motif". */
export const MOTIF_MIN_KEYPOINTS = 60;
/** Long side of the grey image the features are computed on. */
export const MOTIF_ANALYSIS_EDGE = 800;
/** Keypoints stored per registered view. */
export const MOTIF_VIEW_FEATURES = 1000;
/**
 * A query is analysed larger and with more keypoints: in a shop screenshot the work is a small
 * part of the picture, and at 800 px with 1000 keypoints the page's text takes most of them.
 */
export const MOTIF_QUERY_EDGE = 1280;
export const MOTIF_QUERY_FEATURES = 2000;
/** At most this many candidates from the visual-word index are verified geometrically... */
export const MOTIF_CANDIDATES = 16;
/** ...and only those scoring at least this fraction of the best candidate's tf-idf score. */
export const MOTIF_CANDIDATE_RATIO = 0.25;

/** The candidates worth verifying: the best `max`, cut where the score falls below `ratio` of the best. */
export function candidatesToVerify<T extends { score: number }>(ranked: readonly T[], max = MOTIF_CANDIDATES, ratio = MOTIF_CANDIDATE_RATIO): T[] {
  if (ranked.length === 0) return [];
  const best = ranked[0]!.score;
  return ranked.slice(0, max).filter((c) => c.score >= best * ratio);
}

export type Point = [number, number];

/** The quadrilateral is usable as a region only if it is convex, not tiny, and not absurdly large. */
export function isPlausibleRegion(quad: readonly Point[] | null, width: number, height: number): boolean {
  if (!quad || quad.length !== 4) return false;
  if (quad.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y))) return false;
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = quad[i]!;
    const [bx, by] = quad[(i + 1) % 4]!;
    const [cx, cy] = quad[(i + 2) % 4]!;
    const cross = (bx - ax) * (cy - by) - (by - ay) * (cx - bx);
    if (cross === 0) return false;
    const s = Math.sign(cross);
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  let area = 0;
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = quad[i]!;
    const [bx, by] = quad[(i + 1) % 4]!;
    area += ax * by - bx * ay;
  }
  area = Math.abs(area) / 2;
  const viewArea = width * height;
  return area >= viewArea * 0.002 && area <= viewArea * 400;
}

/** A verified pair is a motif match when enough distinct points agree on one plausible homography. */
export function isMotifMatch(m: { score: number; quad: readonly Point[] | null }, view: { width: number; height: number }): boolean {
  return m.score >= MOTIF_MIN_SCORE && isPlausibleRegion(m.quad, view.width, view.height);
}

export type Verdict = "same" | "motif" | "similar";

/** Display order: same (nearest PDQ first), then motif (highest score first), then similar. */
export function compareMatches(
  a: { verdict: Verdict; distance: number | null; inliers?: number | null },
  b: { verdict: Verdict; distance: number | null; inliers?: number | null },
): number {
  const rank = { same: 0, motif: 1, similar: 2 } as const;
  if (rank[a.verdict] !== rank[b.verdict]) return rank[a.verdict] - rank[b.verdict];
  if (a.verdict === "motif") return (b.inliers ?? 0) - (a.inliers ?? 0);
  return (a.distance ?? 0) - (b.distance ?? 0);
}
