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
/** Long side of the grey thumbnail stored with a view's features, and of a query's (not stored). */
export const MOTIF_VIEW_THUMB_EDGE = 128;
export const MOTIF_QUERY_THUMB_EDGE = 512;
/** At most this many candidates from the visual-word index are verified geometrically... */
export const MOTIF_CANDIDATES = 16;
/** ...and only those scoring at least this fraction of the best candidate's tf-idf score. */
const MOTIF_CANDIDATE_RATIO = 0.25;

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

/** The shape of a verified pair's agreement, as the worker measures it (motif-worker.mjs). */
export type VerifiedShape = {
  score: number;
  quad: readonly Point[] | null;
  /** local linear part [a, b, c, d] of the query -> registered homography at the inliers' centre */
  jacobian?: readonly number[] | null;
  /** the inliers' convex hull as a share of the registered view */
  hullFraction?: number;
  /** sqrt of the inlier cloud's covariance eigenvalue ratio: 0 = points on a line, 1 = round */
  thinness?: number;
  /** photometric check: textured thumbnail cells inside the inlier hull, and how many agree */
  photo?: { cells: number; agree: number } | null;
};

/** The homography's local scale may be this far from 1 (a work shown tiny in a page, or zoomed). */
const MOTIF_MAX_SCALE = 10;
/** Smallest/largest singular value of the local linear part: below this it is a collapse, not a view. */
const MOTIF_MIN_ANISOTROPY = 0.3;
/** The inliers must cover this share of the registered view... */
export const MOTIF_MIN_HULL = 0.01;
/** ...and not lie along one line (a rim, a border, a line of text). */
export const MOTIF_MIN_THINNESS = 0.08;
/**
 * At least this share of the textured cells wholly inside the inlier hull must look alike (NCC
 * >= 0.5 at the best shift of up to 2 thumbnail pixels). Calibrated (docs/benchmarks.md): edited
 * copies 0.89 and up, keystoned copies (not exactly a homography) 0.91 and up; different pieces
 * before the same textured wall 0.79 at most.
 */
export const MOTIF_MIN_AGREEMENT = 0.84;
/**
 * Fewer textured cells than this inside the hull: the matched area is too small for the check to
 * say anything, and the score alone decides (a background shared by two photos surrounds the
 * pieces, so its hull always holds many cells).
 */
export const MOTIF_MIN_CELLS = 4;

type MotifRejection = "score" | "region" | "homography" | "spread" | "photometric";

/**
 * Why a verified pair is not a confident motif match, or null when it is: enough distinct points
 * on one plausible, orientation-preserving homography (a mirrored copy is matched through the
 * mirrored query), spread over an area rather than a line, and the pictures alike between them
 * (different pieces on the same background match on the background only).
 */
export function motifRejection(m: VerifiedShape, view: { width: number; height: number }): MotifRejection | null {
  if (m.score < MOTIF_MIN_SCORE) return "score";
  if (!isPlausibleRegion(m.quad, view.width, view.height)) return "region";
  if (m.jacobian !== undefined && !isPlausibleJacobian(m.jacobian)) return "homography";
  if (m.hullFraction !== undefined && m.thinness !== undefined && (m.hullFraction < MOTIF_MIN_HULL || m.thinness < MOTIF_MIN_THINNESS)) return "spread";
  if (m.photo && m.photo.cells >= MOTIF_MIN_CELLS && m.photo.agree < m.photo.cells * MOTIF_MIN_AGREEMENT) return "photometric";
  return null;
}

/** Orientation-preserving, scale within MOTIF_MAX_SCALE of 1, not collapsed onto a line. */
export function isPlausibleJacobian(j: readonly number[] | null): boolean {
  if (!j || j.length !== 4 || j.some((x) => !Number.isFinite(x))) return false;
  const [a, b, c, d] = j as [number, number, number, number];
  const det = a * d - b * c;
  if (det <= 0) return false;
  const scale = Math.sqrt(det);
  if (scale > MOTIF_MAX_SCALE || scale < 1 / MOTIF_MAX_SCALE) return false;
  // Singular values of [[a, b], [c, d]].
  const s = a * a + b * b + c * c + d * d;
  const root = Math.sqrt(Math.max(0, s * s - 4 * det * det));
  const smax = Math.sqrt((s + root) / 2);
  const smin = Math.sqrt(Math.max(0, (s - root) / 2));
  return smin / smax >= MOTIF_MIN_ANISOTROPY;
}

/** A verified pair is a motif match when no rule above rejects it. */
export function isMotifMatch(m: VerifiedShape, view: { width: number; height: number }): boolean {
  return motifRejection(m, view) === null;
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
