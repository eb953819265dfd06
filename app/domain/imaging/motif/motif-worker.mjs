// @ts-check
/**
 * Piscina worker: one OpenCV (WebAssembly) module per worker thread. Plain JavaScript so the
 * same file runs under vitest, tsx and the production server without a build step.
 *
 * Tasks (the `task` field of the message):
 *   extract  { grey, width, height, thumbEdge, words? } -> feature set (see feature-set.ts layout),
 *            or { features, words } with the visual words of its descriptors when `words` is set
 *   verify   { query, candidates: [{ id, features }], photoMinScore }
 *            -> [{ id, score, inliers, quad, lines, variant, jacobian, hullFraction, thinness, photo }]
 *            (photo: the photometric check, for pairs scoring at least photoMinScore)
 *   With `profile: true` either answer comes as { result, cpu } with this thread's CPU time per
 *   stage (orb, encode, words; decode, match, homography, photometric; total), in ms.
 *
 * Every Mat, vector and `.get(i)` copy is deleted in a finally block. OpenCV throws numbers
 * (pointers to C++ exceptions); they are turned into Error messages here, so the caller sees
 * "OpenCV: <msg>". An out-of-memory abort leaves the module unusable: the worker then exits and
 * piscina starts a fresh one for the next task.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createHammingKernel } from "./hamming-kernel.mjs";

const require = createRequire(import.meta.url);

/**
 * CPU time of the calling thread in ms (Linux: /proc/thread-self/schedstat, nanoseconds on the
 * CPU), or wall time where that file is missing. Used only when a task asks for `profile`.
 */
function threadCpuMs() {
  try {
    return Number(readFileSync("/proc/thread-self/schedstat", "latin1").split(" ")[0]) / 1e6;
  } catch {
    return performance.now();
  }
}

/** Per-stage CPU of a profiled task: stage name -> ms. */
let profile = null;
function clock() {
  return profile ? threadCpuMs() : 0;
}
function charge(stage, since) {
  if (profile) profile[stage] = (profile[stage] ?? 0) + (threadCpuMs() - since);
}

/** @type {any} */
let cv = null;
/** @type {Promise<any> | null} */
let loading = null;

function loadCv() {
  if (loading) return loading;
  loading = new Promise((resolve, reject) => {
    const mod = require("@techstark/opencv-js");
    if (mod.Mat) {
      resolve(mod);
      return;
    }
    // The module object has a self-returning `then`: awaiting it would never settle.
    delete mod.then;
    const timer = setTimeout(() => reject(new Error("OpenCV did not initialise in 30 s")), 30_000);
    mod.onRuntimeInitialized = () => {
      clearTimeout(timer);
      resolve(mod);
    };
  }).then((m) => {
    cv = m;
    return m;
  });
  return loading;
}

/** Numbers thrown by OpenCV become Errors with its message; anything else passes through. */
function cvError(e) {
  if (typeof e === "number") {
    let msg = `code ${e}`;
    try {
      msg = cv.exceptionFromPtr(e).msg;
    } catch {
      /* the module may be broken (OOM); keep the code */
    }
    return new Error(`OpenCV: ${msg}`);
  }
  if (e instanceof Error) return e;
  return new Error(String(e));
}

function isFatal(err) {
  return /out of memory|Insufficient memory|Aborted|memory access out of bounds|Cannot enlarge memory|RuntimeError/i.test(err.message);
}

const HEADER = 24;
const MAGIC = 0x31464d4b; // "KMF1" little-endian
const POS_SCALE = 16;

/**
 * Feature set layout (little-endian): u32 magic, u16 width, u16 height (of the analysed grey image),
 * u16 sourceWidth, u16 sourceHeight (of the upright photo), u32 count, u16 thumbWidth,
 * u16 thumbHeight, u32 reserved, then count x (u16 x*16, u16 y*16), then count x 32-byte ORB
 * descriptors (keypoints strongest first), then the grey thumbnail (thumbWidth x thumbHeight bytes;
 * absent, 0 x 0, in files written before the photometric check).
 */
function encode(width, height, sourceWidth, sourceHeight, xs, ys, desc, thumb) {
  const n = xs.length;
  const tBytes = thumb ? thumb.width * thumb.height : 0;
  const buf = new Uint8Array(HEADER + n * 4 + n * 32 + tBytes);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint16(4, width, true);
  dv.setUint16(6, height, true);
  dv.setUint16(8, Math.min(65535, sourceWidth), true);
  dv.setUint16(10, Math.min(65535, sourceHeight), true);
  dv.setUint32(12, n, true);
  if (thumb) {
    dv.setUint16(16, thumb.width, true);
    dv.setUint16(18, thumb.height, true);
  }
  for (let i = 0; i < n; i++) {
    dv.setUint16(HEADER + i * 4, Math.round(xs[i] * POS_SCALE), true);
    dv.setUint16(HEADER + i * 4 + 2, Math.round(ys[i] * POS_SCALE), true);
  }
  buf.set(desc, HEADER + n * 4);
  if (thumb) buf.set(thumb.data, HEADER + n * 36);
  return buf;
}

function decode(bytes) {
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.byteLength < HEADER || dv.getUint32(0, true) !== MAGIC) throw new Error("not a feature set");
  const n = dv.getUint32(12, true);
  const tw = dv.getUint16(16, true);
  const th = dv.getUint16(18, true);
  if (buf.byteLength !== HEADER + n * 36 + tw * th) throw new Error("feature set truncated");
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = dv.getUint16(HEADER + i * 4, true) / POS_SCALE;
    ys[i] = dv.getUint16(HEADER + i * 4 + 2, true) / POS_SCALE;
  }
  return {
    width: dv.getUint16(4, true),
    height: dv.getUint16(6, true),
    sourceWidth: dv.getUint16(8, true),
    sourceHeight: dv.getUint16(10, true),
    n,
    xs,
    ys,
    desc: buf.subarray(HEADER + n * 4, HEADER + n * 36),
    thumb: tw * th ? { width: tw, height: th, data: buf.subarray(HEADER + n * 36, HEADER + n * 36 + tw * th) } : null,
  };
}

/** The grey image shrunk (area average) to `edge` on its long side, for the photometric check. */
function thumbnail(mat, edge) {
  const f = Math.min(1, edge / Math.max(mat.cols, mat.rows));
  const width = Math.max(1, Math.round(mat.cols * f));
  const height = Math.max(1, Math.round(mat.rows * f));
  const small = new cv.Mat();
  try {
    cv.resize(mat, small, new cv.Size(width, height), 0, 0, cv.INTER_AREA);
    return { width, height, data: new Uint8Array(small.data) };
  } finally {
    small.delete();
  }
}

function detect(greyMat, maxFeatures, fastThreshold) {
  const orb = new cv.ORB(maxFeatures, 1.2, 8, 31, 0, 2, cv.ORB_HARRIS_SCORE, 31, fastThreshold);
  const kps = new cv.KeyPointVector();
  const desc = new cv.Mat();
  const none = new cv.Mat();
  try {
    orb.detectAndCompute(greyMat, none, kps, desc);
    const n = kps.size();
    const items = [];
    for (let i = 0; i < n; i++) {
      const kp = kps.get(i); // a plain JS object for KeyPoint (value type): nothing to delete
      items.push({ x: kp.pt.x, y: kp.pt.y, r: kp.response, i });
    }
    const bytes = desc.rows > 0 ? new Uint8Array(desc.data) : new Uint8Array(0);
    return { items, bytes };
  } finally {
    orb.delete();
    kps.delete();
    desc.delete();
    none.delete();
  }
}

function extract({
  grey,
  width,
  height,
  sourceWidth,
  sourceHeight,
  maxFeatures = 1000,
  minFeatures = Math.round(maxFeatures / 2),
  thumbEdge = 128,
  words = false,
}) {
  const mat = new cv.Mat(height, width, cv.CV_8UC1);
  try {
    mat.data.set(grey instanceof Uint8Array ? grey : new Uint8Array(grey));
    let best = null;
    let t = clock();
    for (const threshold of [20, 10, 5]) {
      const got = detect(mat, maxFeatures, threshold);
      if (profile) profile.orbRuns = (profile.orbRuns ?? 0) + 1;
      if (!best || got.items.length > best.items.length) best = got;
      if (got.items.length >= minFeatures) break;
    }
    charge("orb", t);
    t = clock();
    const items = best.items.sort((a, b) => b.r - a.r);
    const xs = items.map((k) => k.x);
    const ys = items.map((k) => k.y);
    const desc = new Uint8Array(items.length * 32);
    items.forEach((k, j) => desc.set(best.bytes.subarray(k.i * 32, k.i * 32 + 32), j * 32));
    const features = encode(width, height, sourceWidth ?? width, sourceHeight ?? height, xs, ys, desc, thumbEdge > 0 ? thumbnail(mat, thumbEdge) : null);
    charge("encode", t);
    if (!words) return features;
    t = clock();
    const w = wordsOf(desc, items.length);
    charge("words", t);
    return { features, words: w };
  } finally {
    mat.delete();
  }
}

function descMat(desc, n) {
  const m = new cv.Mat(n, 32, cv.CV_8UC1);
  m.data.set(desc);
  return m;
}

/**
 * One (query, registered) pair: 2-NN Hamming matches from the query to the registered view,
 * Lowe's ratio test, one match per registered keypoint (the closest), a USAC_MAGSAC homography,
 * score = distinct inlier locations on both sides (several pyramid levels at one spot count once:
 * raw inlier counts let degenerate homographies through).
 */
/** 2-NN Hamming matches by OpenCV's brute force; ratio test; the closest query per registered keypoint. */
function ratioMatchesCv(queryMat, trainMat, ratio) {
  const matcher = new cv.BFMatcher(cv.NORM_HAMMING, false);
  const knn = new cv.DMatchVectorVector();
  /** @type {Map<number, {q:number, d:number}>} */
  const byTrain = new Map();
  try {
    matcher.knnMatch(queryMat, trainMat, knn, 2);
    const rows = knn.size();
    for (let i = 0; i < rows; i++) {
      const pair = knn.get(i);
      try {
        if (pair.size() < 2) continue;
        const a = pair.get(0);
        const b = pair.get(1);
        if (a.distance >= ratio * b.distance) continue;
        const prev = byTrain.get(a.trainIdx);
        if (!prev || a.distance < prev.d) byTrain.set(a.trainIdx, { q: a.queryIdx, d: a.distance });
      } finally {
        pair.delete();
      }
    }
  } finally {
    matcher.delete();
    knn.delete();
  }
  return byTrain;
}

function popcount32(v) {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function hamming(A, ao, B, bo) {
  return (
    popcount32(A[ao] ^ B[bo]) +
    popcount32(A[ao + 1] ^ B[bo + 1]) +
    popcount32(A[ao + 2] ^ B[bo + 2]) +
    popcount32(A[ao + 3] ^ B[bo + 3]) +
    popcount32(A[ao + 4] ^ B[bo + 4]) +
    popcount32(A[ao + 5] ^ B[bo + 5]) +
    popcount32(A[ao + 6] ^ B[bo + 6]) +
    popcount32(A[ao + 7] ^ B[bo + 7])
  );
}

function u32(desc) {
  const a = desc.byteOffset % 4 === 0 ? desc : desc.slice();
  return new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4);
}

/** The `probes` cells of smallest distance in `d` (consumed), written to `out` from `at`. */
function nearestCells(d, k, probes, out, at) {
  for (let p = 0; p < probes; p++) {
    let best = -1;
    for (let c = 0; c < k; c++) if (d[c] >= 0 && (best < 0 || d[c] < d[best])) best = c;
    out[at + p] = best;
    d[best] = -1;
  }
}

/** The `probes` nearest coarse cells (first vocabulary level) of every descriptor. */
function coarseCells(D, n, centres, k, probes) {
  const out = new Uint8Array(n * probes);
  const d = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) d[c] = hamming(D, i * 8, centres, c * 8);
    nearestCells(d, k, probes, out, i * probes);
  }
  return out;
}

/**
 * The same matching restricted to descriptors in the query descriptor's `probes` nearest coarse
 * cells (multi-probe, as in vocabulary-tree matching): ~1/10 of the comparisons. Matches across
 * cells far from a descriptor are lost, which costs a few inliers of a true match and removes
 * chance matches equally (calibrated in docs/benchmarks.md).
 *
 * The distances are computed by the WebAssembly kernel (hamming-kernel.mjs): the registered
 * view's descriptors are copied into its memory grouped by coarse cell (in index order within a
 * cell, so the search visits them in the order of the JavaScript version below and gives the same
 * matches), each query descriptor's runs are scanned there.
 */
function ratioMatchesCoarse(q, r, ratio, coarse) {
  const { k, probes } = coarse;
  const K = coarse.kernel;
  if (!K || q.kOff === undefined || r.n >= 16383) return ratioMatchesCoarseJs(q, r, ratio, coarse);
  if (!q.cells) q.cells = kernelCells(K, coarse, q.kOff, q.n, probes);
  // The view's descriptors as stored at rOff (for their cells), then grouped by cell at `base`.
  const rOff = coarse.rOff;
  const base = rOff + r.n * 32;
  K.reserve(base + r.n * 32);
  const mem = K.bytes();
  mem.set(r.desc, rOff);
  const rCells = kernelCells(K, coarse, rOff, r.n, 1);
  // Counting sort by cell (stable): start of each cell's run, and the view's index of each slot.
  const start = new Int32Array(k + 1);
  for (let j = 0; j < r.n; j++) start[rCells[j] + 1]++;
  for (let c = 0; c < k; c++) start[c + 1] += start[c];
  const fill = start.slice(0, k);
  const order = new Int32Array(r.n);
  for (let j = 0; j < r.n; j++) order[fill[rCells[j]]++] = j;
  for (let s = 0; s < r.n; s++) mem.copyWithin(base + s * 32, rOff + order[s] * 32, rOff + order[s] * 32 + 32);
  /** @type {Map<number, {q:number, d:number}>} */
  const byTrain = new Map();
  const INIT = 257 | (257 << 9);
  for (let i = 0; i < q.n; i++) {
    let state = INIT;
    let bj = -1;
    const qo = q.kOff + i * 32;
    for (let p = 0; p < probes; p++) {
      const cell = q.cells[i * probes + p];
      const from = start[cell];
      const to = start[cell + 1];
      if (from === to) continue;
      const got = K.scan(qo, base + from * 32, base + to * 32, state);
      const hit = got >>> 18;
      if (hit) bj = order[from + hit - 1];
      state = got & 0x3ffff;
    }
    const b1 = state & 511;
    const b2 = (state >>> 9) & 511;
    if (bj < 0 || b1 >= ratio * b2) continue;
    const prev = byTrain.get(bj);
    if (!prev || b1 < prev.d) byTrain.set(bj, { q: i, d: b1 });
  }
  return byTrain;
}

/** coarseCells on descriptors already in the kernel's memory at byte offset `off`. */
function kernelCells(K, coarse, off, n, probes) {
  const { k } = coarse;
  const out = new Uint8Array(n * probes);
  const d = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    K.dists(off + i * 32, coarse.centresOff, k, coarse.distOff);
    d.set(K.int32().subarray(coarse.distOff >> 2, (coarse.distOff >> 2) + k));
    nearestCells(d, k, probes, out, i * probes);
  }
  return out;
}

/** The same in JavaScript (views with more descriptors than the kernel's packed index holds). */
function ratioMatchesCoarseJs(q, r, ratio, coarse) {
  const { centres, k, probes } = coarse;
  if (!q.jsCells) q.jsCells = coarseCells(q.D ?? (q.D = u32(q.desc)), q.n, centres, k, probes);
  const R = u32(r.desc);
  const rCells = coarseCells(R, r.n, centres, k, 1);
  const members = Array.from({ length: k }, () => []);
  for (let j = 0; j < r.n; j++) members[rCells[j]].push(j);
  const Q = q.D;
  /** @type {Map<number, {q:number, d:number}>} */
  const byTrain = new Map();
  for (let i = 0; i < q.n; i++) {
    let b1 = 257;
    let b2 = 257;
    let bj = -1;
    for (let p = 0; p < probes; p++) {
      const list = members[q.jsCells[i * probes + p]];
      for (let m = 0; m < list.length; m++) {
        const j = list[m];
        const dd = hamming(Q, i * 8, R, j * 8);
        if (dd < b1) {
          b2 = b1;
          b1 = dd;
          bj = j;
        } else if (dd < b2) b2 = dd;
      }
    }
    if (bj < 0 || b1 >= ratio * b2) continue;
    const prev = byTrain.get(bj);
    if (!prev || b1 < prev.d) byTrain.set(bj, { q: i, d: b1 });
  }
  return byTrain;
}

/** Photometric check: shift tolerance (thumbnail pixels) and the correlation a cell must reach. */
const PHOTO_SHIFT = 2;
const PHOTO_MIN_NCC = 0.5;

/** Convex hull (counter-clockwise, monotone chain) of points given as [x, y]. */
function convexHull(points) {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  upper.pop();
  lower.pop();
  return lower.concat(upper);
}

function polygonArea(poly) {
  let a = 0;
  for (let i = 0; i < poly.length; i++) {
    const [ax, ay] = poly[i];
    const [bx, by] = poly[(i + 1) % poly.length];
    a += ax * by - bx * ay;
  }
  return Math.abs(a) / 2;
}

function insideConvex(poly, x, y) {
  if (poly.length < 3) return false;
  for (let i = 0; i < poly.length; i++) {
    const [ax, ay] = poly[i];
    const [bx, by] = poly[(i + 1) % poly.length];
    if ((bx - ax) * (y - ay) - (by - ay) * (x - ax) < 0) return false;
  }
  return true;
}

/**
 * Where the inliers lie in the registered view: the hull's share of the view and how thin the
 * cloud is (sqrt of the covariance's eigenvalue ratio: 0 = a line, 1 = round).
 */
function inlierSpread(points, width, height) {
  const n = points.length;
  let mx = 0;
  let my = 0;
  for (const [x, y] of points) {
    mx += x / n;
    my += y / n;
  }
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sxx += ((x - mx) * (x - mx)) / n;
    syy += ((y - my) * (y - my)) / n;
    sxy += ((x - mx) * (y - my)) / n;
  }
  const tr = sxx + syy;
  const disc = Math.sqrt(Math.max(0, ((sxx - syy) * (sxx - syy)) / 4 + sxy * sxy));
  const l1 = tr / 2 + disc;
  const l2 = Math.max(0, tr / 2 - disc);
  const hull = convexHull(points);
  return { hull, hullFraction: polygonArea(hull) / (width * height), thinness: l1 > 0 ? Math.sqrt(l2 / l1) : 0 };
}

/** 3x3 inverse (row-major); null when singular. */
function invert3(h) {
  const [a, b, c, d, e, f, g, i, k] = h;
  const A = e * k - f * i;
  const B = -(d * k - f * g);
  const C = d * i - e * g;
  const det = a * A + b * B + c * C;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return null;
  return [
    A / det,
    -(b * k - c * i) / det,
    (b * f - c * e) / det,
    B / det,
    (a * k - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * i - b * g) / det,
    (a * e - b * d) / det,
  ];
}

function applyH(h, x, y) {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
}

/** Jacobian [dx/dx, dx/dy, dy/dx, dy/dy] of the homography at (x, y). */
function jacobianAt(h, x, y) {
  const w = h[6] * x + h[7] * y + h[8];
  const u = h[0] * x + h[1] * y + h[2];
  const v = h[3] * x + h[4] * y + h[5];
  return [(h[0] * w - u * h[6]) / (w * w), (h[1] * w - u * h[7]) / (w * w), (h[3] * w - v * h[6]) / (w * w), (h[4] * w - v * h[7]) / (w * w)];
}

/** Halving pyramid of a thumbnail (2x2 box average), level 0 first. */
function pyramid(t) {
  const levels = [t];
  let cur = t;
  while (Math.min(cur.width, cur.height) >= 16) {
    const w = cur.width >> 1;
    const h = cur.height >> 1;
    const data = new Uint8Array(w * h);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = 2 * y * cur.width + 2 * x;
        data[y * w + x] = (cur.data[i] + cur.data[i + 1] + cur.data[i + cur.width] + cur.data[i + cur.width + 1] + 2) >> 2;
      }
    cur = { width: w, height: h, data };
    levels.push(cur);
  }
  return levels;
}

/** Bilinear sample of a thumbnail at pixel coordinates (centres at integers); NaN outside. */
function sample(t, x, y) {
  if (x < -0.5 || y < -0.5 || x > t.width - 0.5 || y > t.height - 0.5) return NaN;
  const cx = Math.min(Math.max(x, 0), t.width - 1);
  const cy = Math.min(Math.max(y, 0), t.height - 1);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(t.width - 1, x0 + 1);
  const y1 = Math.min(t.height - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const d = t.data;
  return (d[y0 * t.width + x0] * (1 - fx) + d[y0 * t.width + x1] * fx) * (1 - fy) + (d[y1 * t.width + x0] * (1 - fx) + d[y1 * t.width + x1] * fx) * fy;
}

/**
 * Photometric check of a homography: the registered view's thumbnail is cut into cells; every
 * textured cell that lies wholly inside the inlier hull is compared (normalised cross-correlation)
 * with the query warped onto it. Two photos of different pieces on one background agree on the
 * background and disagree on the pieces between the matched points; a copy agrees everywhere.
 * Returns the number of cells compared, how many agree (best NCC over shifts of up to PHOTO_SHIFT
 * thumbnail pixels >= PHOTO_MIN_NCC) and how many agree without a shift.
 */
function photometric(q, r, h, hull) {
  const hinv = invert3(h);
  if (!hinv) return { cells: 0, agree: 0, agreeExact: 0 };
  const rt = r.thumb;
  const sR = rt.width / r.width; // thumbnail px per analysed px (registered)
  const sQ = q.thumb.width / q.width;
  if (!q.pyr) q.pyr = pyramid(q.thumb);
  const cell = Math.max(6, Math.round(Math.max(rt.width, rt.height) / 16));
  const S = PHOTO_SHIFT;
  const side = cell + 2 * S;
  const a = new Float64Array(cell * cell);
  const warped = new Float64Array(side * side);
  let cells = 0;
  let agree = 0;
  let agreeExact = 0;
  for (let cy = 0; cy + cell <= rt.height; cy += cell) {
    for (let cx = 0; cx + cell <= rt.width; cx += cell) {
      // Whole cells only: a cell on the hull's edge may hold what surrounds a moved motif.
      const x0 = cx / sR;
      const y0 = cy / sR;
      const x1 = (cx + cell) / sR;
      const y1 = (cy + cell) / sR;
      if (!insideConvex(hull, x0, y0) || !insideConvex(hull, x1, y0) || !insideConvex(hull, x0, y1) || !insideConvex(hull, x1, y1)) continue;
      let sa = 0;
      for (let y = 0; y < cell; y++) for (let x = 0; x < cell; x++) sa += a[y * cell + x] = rt.data[(cy + y) * rt.width + cx + x];
      sa /= cell * cell;
      let vaa = 0;
      for (let j = 0; j < cell * cell; j++) vaa += (a[j] - sa) ** 2;
      // A flat cell (plain glaze, sky) says nothing either way.
      if (Math.sqrt(vaa / (cell * cell)) < 4) continue;
      // Query thumbnail pixels per registered thumbnail pixel here: pick the pyramid level near 1.
      const J = jacobianAt(hinv, (x0 + x1) / 2, (y0 + y1) / 2);
      const step = (Math.sqrt(Math.abs(J[0] * J[3] - J[1] * J[2])) * sQ) / sR;
      const level = Math.max(0, Math.min(q.pyr.length - 1, Math.round(Math.log2(Math.max(step, 1e-6)))));
      const qt = q.pyr[level];
      const lf = 1 / 2 ** level;
      // The query warped onto the cell and a margin of S pixels around it.
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const [qx, qy] = applyH(hinv, (cx - S + x + 0.5) / sR, (cy - S + y + 0.5) / sR);
          warped[y * side + x] = sample(qt, qx * sQ * lf - 0.5, qy * sQ * lf - 0.5);
        }
      }
      // Best correlation over shifts of up to S pixels: a re-photographed (curved, tilted) piece
      // is not exactly a plane, so the homography is a few pixels off in places.
      let best = -1;
      let exact = -1;
      let seen = false;
      for (let dy = -S; dy <= S; dy++) {
        for (let dx = -S; dx <= S; dx++) {
          let k = 0;
          let sb = 0;
          let sab = 0;
          let sbb = 0;
          for (let y = 0; y < cell; y++) {
            const row = (y + S + dy) * side + S + dx;
            for (let x = 0; x < cell; x++) {
              const v = warped[row + x];
              if (Number.isNaN(v)) continue;
              k++;
              sb += v;
              sbb += v * v;
              sab += (a[y * cell + x] - sa) * v;
            }
          }
          if (k < cell * cell * 0.8) continue;
          seen = true;
          const vbb = sbb - (sb * sb) / k;
          // sab is over the k samples seen; a's mean is over the whole cell: close enough when k ≈ cell².
          const ncc = vbb > 1e-9 ? sab / Math.sqrt(vaa * vbb) : 0;
          if (ncc > best) best = ncc;
          if (dx === 0 && dy === 0) exact = ncc;
        }
      }
      if (!seen) continue;
      cells++;
      if (best >= PHOTO_MIN_NCC) agree++;
      if (exact >= PHOTO_MIN_NCC) agreeExact++;
    }
  }
  return { cells, agree, agreeExact };
}

/**
 * One (query, registered) pair: 2-NN Hamming matches from the query to the registered view,
 * Lowe's ratio test, one match per registered keypoint (the closest), a USAC_MAGSAC homography,
 * score = distinct inlier locations on both sides (several pyramid levels at one spot count once:
 * raw inlier counts let degenerate homographies through).
 */
function verifyPair(q, r, trainMat, queryMat, ratio, maxLines, coarse, photoMinScore = 0) {
  const empty = { score: 0, inliers: 0, quad: null, lines: [], jacobian: null, hullFraction: 0, thinness: 0, photo: null };
  if (q.n < 8 || r.n < 8) return empty;
  {
    let t = clock();
    const byTrain = coarse ? ratioMatchesCoarse(q, r, ratio, coarse) : ratioMatchesCv(queryMat, trainMat, ratio);
    charge("match", t);
    if (byTrain.size < 8) return empty;
    t = clock();
    const pairs = [...byTrain.entries()];
    const src = new Float32Array(pairs.length * 2);
    const dst = new Float32Array(pairs.length * 2);
    pairs.forEach(([t, m], j) => {
      src[j * 2] = q.xs[m.q];
      src[j * 2 + 1] = q.ys[m.q];
      dst[j * 2] = r.xs[t];
      dst[j * 2 + 1] = r.ys[t];
    });
    const srcMat = cv.matFromArray(pairs.length, 1, cv.CV_32FC2, Array.from(src));
    const dstMat = cv.matFromArray(pairs.length, 1, cv.CV_32FC2, Array.from(dst));
    const mask = new cv.Mat();
    let H = null;
    try {
      H = cv.findHomography(srcMat, dstMat, cv.USAC_MAGSAC, 5.0, mask, 2000, 0.995);
      if (!H || H.rows !== 3 || H.cols !== 3) return empty;
      const h = Array.from(H.data64F);
      const inlierIdx = [];
      for (let j = 0; j < pairs.length; j++) if (mask.data[j]) inlierIdx.push(j);
      const qLoc = new Set();
      const rLoc = new Set();
      for (const j of inlierIdx) {
        qLoc.add(`${Math.round(src[j * 2])},${Math.round(src[j * 2 + 1])}`);
        rLoc.add(`${Math.round(dst[j * 2])},${Math.round(dst[j * 2 + 1])}`);
      }
      const score = Math.min(qLoc.size, rLoc.size);
      const project = (x, y) => applyH(h, x, y);
      // Shape of the agreement, for the verdict rules (motif-rules.ts): where the inliers lie in
      // the registered view, the homography's local linear part at their centre, and whether the
      // pictures agree between them.
      const rPts = inlierIdx.map((j) => [dst[j * 2], dst[j * 2 + 1]]);
      const spread = inlierSpread(rPts, r.width, r.height);
      let qcx = 0;
      let qcy = 0;
      for (const j of inlierIdx) {
        qcx += src[j * 2] / inlierIdx.length;
        qcy += src[j * 2 + 1] / inlierIdx.length;
      }
      const jacobian = jacobianAt(h, qcx, qcy);
      charge("homography", t);
      // Only a pair that could be a match is worth the photometric check.
      t = clock();
      const photo = score >= photoMinScore && q.thumb && r.thumb && spread.hull.length >= 3 ? photometric(q, r, h, spread.hull) : null;
      charge("photometric", t);
      // Scale from the analysed images to the upright photos' pixel sizes.
      const rsx = r.sourceWidth / r.width;
      const rsy = r.sourceHeight / r.height;
      const qsx = q.sourceWidth / q.width;
      const qsy = q.sourceHeight / q.height;
      const quad = [
        [0, 0],
        [q.width, 0],
        [q.width, q.height],
        [0, q.height],
      ].map(([x, y]) => {
        const [px, py] = project(x, y);
        return [px * rsx, py * rsy];
      });
      const step = Math.max(1, Math.ceil(inlierIdx.length / maxLines));
      const lines = [];
      for (let k = 0; k < inlierIdx.length; k += step) {
        const j = inlierIdx[k];
        lines.push([dst[j * 2] * rsx, dst[j * 2 + 1] * rsy, src[j * 2] * qsx, src[j * 2 + 1] * qsy]);
      }
      return { score, inliers: inlierIdx.length, quad, lines, homography: h, jacobian, hullFraction: spread.hullFraction, thinness: spread.thinness, photo };
    } finally {
      srcMat.delete();
      dstMat.delete();
      mask.delete();
      if (H) H.delete();
    }
  }
}

/** The committed vocabulary tree (vocabulary.ts layout): coarse matching uses its first level. */
let vocabulary = null;
function loadVocabulary() {
  if (vocabulary) return vocabulary;
  const bytes = readFileSync(new URL("./vocabulary.bin", import.meta.url));
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const k = dv.getUint16(4, true);
  const depth = dv.getUint16(6, true);
  let total = 0;
  const levelOffset = [];
  for (let l = 1; l <= depth; l++) {
    levelOffset.push(total);
    total += k ** l;
  }
  const centres = new Uint32Array(bytes.buffer.slice(bytes.byteOffset + 8, bytes.byteOffset + 8 + total * 32));
  vocabulary = { centres, k, depth, levelOffset };
  return vocabulary;
}
function loadCoarse() {
  const { centres, k } = loadVocabulary();
  return { centres, k };
}

/** Set MOTIF_JS_HAMMING=1 to match in JavaScript (for comparison). */
const jsKernel = process.env.MOTIF_JS_HAMMING === "1";
let kernel = null;

/**
 * Kernel memory for one verify task: the coarse centres, k distances, the query variants'
 * descriptors, then (from `rOff`, grown per pair) a view's descriptors as stored and grouped by
 * cell.
 */
function layoutKernel(coarse, queries) {
  kernel ??= createHammingKernel();
  const K = kernel;
  const centresBytes = coarse.k * 32;
  coarse.kernel = K;
  coarse.centresOff = 0;
  coarse.distOff = Math.ceil(centresBytes / 64) * 64;
  let off = coarse.distOff + Math.ceil((coarse.k * 4) / 64) * 64;
  const qOffs = [];
  for (const q of queries) {
    qOffs.push(off);
    if (q) off += q.n * 32;
  }
  K.reserve(off);
  const mem = K.bytes();
  mem.set(new Uint8Array(coarse.centres.buffer, coarse.centres.byteOffset, centresBytes), 0);
  queries.forEach((q, i) => {
    if (!q) return;
    mem.set(q.desc, qOffs[i]);
    q.kOff = qOffs[i];
  });
  coarse.rOff = off;
}

/** Visual words of the first `limit` descriptors (vocabulary.ts `wordsOf`, computed here beside the extraction). */
function wordsOf(desc, n) {
  const { centres, k, depth, levelOffset } = loadVocabulary();
  const D = u32(desc);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let node = 0;
    for (let l = 0; l < depth; l++) {
      const first = levelOffset[l] + node * k;
      let best = 0;
      let bestD = 257;
      for (let c = 0; c < k; c++) {
        const d = hamming(D, i * 8, centres, (first + c) * 8);
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      node = node * k + best;
    }
    out[i] = node;
  }
  return out;
}

/**
 * mode "coarse" (default): matching restricted to the query descriptor's `probes` nearest coarse
 * cells, in JavaScript; mode "exact": OpenCV's brute-force 2-NN over all descriptors.
 */
function verify({ query, candidates, ratio = 0.8, maxLines = 60, mode = "coarse", probes = 3, photoMinScore = 0 }) {
  const coarse = mode === "coarse" ? { ...loadCoarse(), probes } : null;
  // An empty buffer stands for a variant the caller does not want tried.
  let t = clock();
  const queries = (Array.isArray(query) ? query : [query]).map((b) => (b.byteLength ? decode(b) : null));
  if (coarse && !jsKernel) layoutKernel(coarse, queries);
  charge("decode", t);
  const queryMats = queries.map((q) => (q && !coarse ? descMat(q.desc, q.n) : null));
  try {
    return candidates.map((c) => {
      t = clock();
      const r = decode(c.features);
      charge("decode", t);
      const trainMat = coarse ? null : descMat(r.desc, r.n);
      try {
        let best = { score: 0, inliers: 0, quad: null, lines: [], variant: 0, jacobian: null, hullFraction: 0, thinness: 0, photo: null };
        queries.forEach((q, vi) => {
          if (!q) return;
          const got = verifyPair(q, r, trainMat, queryMats[vi], ratio, maxLines, coarse, photoMinScore);
          if (got.score > best.score) {
            // Variant 1 is the mirrored query: put its points back where they are in the photo sent.
            const lines = vi === 1 ? got.lines.map(([a, b, x, y]) => [a, b, q.sourceWidth - x, y]) : got.lines;
            best = { ...got, lines, variant: vi };
          }
        });
        return { id: c.id, ...best };
      } finally {
        if (trainMat) trainMat.delete();
      }
    });
  } finally {
    for (const m of queryMats) if (m) m.delete();
  }
}

/** Test hook: ask for more than the WASM heap can hold, to exercise the out-of-memory path. */
function exhaust() {
  const m = new cv.Mat(30000, 30000, cv.CV_8UC4);
  m.delete();
}

/** With `profile` set, the answer is { result, cpu: { stage: ms, ..., total } } (this thread's CPU). */
function profiled(msg, fn) {
  if (!msg.profile) return fn();
  profile = {};
  const t = threadCpuMs();
  try {
    const result = fn();
    profile.total = threadCpuMs() - t;
    return { result, cpu: profile };
  } finally {
    profile = null;
  }
}

export default async function run(msg) {
  await loadCv();
  try {
    if (msg.task === "extract") return profiled(msg, () => extract(msg));
    if (msg.task === "verify") return profiled(msg, () => verify(msg));
    if (msg.task === "exhaust") return exhaust();
    if (msg.task === "ping") return "pong";
    throw new Error(`unknown task ${msg.task}`);
  } catch (e) {
    const err = cvError(e);
    if (isFatal(err) || msg.task === "exhaust") {
      // The module's heap may be corrupt: let piscina replace this worker.
      setImmediate(() => process.exit(1));
    }
    throw err;
  }
}
