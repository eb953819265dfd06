// @ts-check
/**
 * Piscina worker: one OpenCV (WebAssembly) module per worker thread. Plain JavaScript so the
 * same file runs under vitest, tsx and the production server without a build step.
 *
 * Tasks (the `task` field of the message):
 *   extract  { grey, width, height }                -> feature set (see feature-set.ts layout)
 *   verify   { query, candidates: [{ id, features }] } -> [{ id, score, inliers, quad, lines }]
 *
 * Every Mat, vector and `.get(i)` copy is deleted in a finally block. OpenCV throws numbers
 * (pointers to C++ exceptions); they are turned into Error messages here, so the caller sees
 * "OpenCV: <msg>". An out-of-memory abort leaves the module unusable: the worker then exits and
 * piscina starts a fresh one for the next task.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

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
 * u16 sourceWidth, u16 sourceHeight (of the upright photo), u32 count, u32 reserved, u32 reserved,
 * then count x (u16 x*16, u16 y*16), then count x 32-byte ORB descriptors; keypoints strongest first.
 */
function encode(width, height, sourceWidth, sourceHeight, xs, ys, desc) {
  const n = xs.length;
  const buf = new Uint8Array(HEADER + n * 4 + n * 32);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint16(4, width, true);
  dv.setUint16(6, height, true);
  dv.setUint16(8, Math.min(65535, sourceWidth), true);
  dv.setUint16(10, Math.min(65535, sourceHeight), true);
  dv.setUint32(12, n, true);
  for (let i = 0; i < n; i++) {
    dv.setUint16(HEADER + i * 4, Math.round(xs[i] * POS_SCALE), true);
    dv.setUint16(HEADER + i * 4 + 2, Math.round(ys[i] * POS_SCALE), true);
  }
  buf.set(desc, HEADER + n * 4);
  return buf;
}

function decode(bytes) {
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.byteLength < HEADER || dv.getUint32(0, true) !== MAGIC) throw new Error("not a feature set");
  const n = dv.getUint32(12, true);
  if (buf.byteLength !== HEADER + n * 36) throw new Error("feature set truncated");
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
  };
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

function extract({ grey, width, height, sourceWidth, sourceHeight, maxFeatures = 1000, minFeatures = Math.round(maxFeatures / 2) }) {
  const mat = new cv.Mat(height, width, cv.CV_8UC1);
  try {
    mat.data.set(grey instanceof Uint8Array ? grey : new Uint8Array(grey));
    let best = null;
    for (const threshold of [20, 10, 5]) {
      const got = detect(mat, maxFeatures, threshold);
      if (!best || got.items.length > best.items.length) best = got;
      if (got.items.length >= minFeatures) break;
    }
    const items = best.items.sort((a, b) => b.r - a.r);
    const xs = items.map((k) => k.x);
    const ys = items.map((k) => k.y);
    const desc = new Uint8Array(items.length * 32);
    items.forEach((k, j) => desc.set(best.bytes.subarray(k.i * 32, k.i * 32 + 32), j * 32));
    return encode(width, height, sourceWidth ?? width, sourceHeight ?? height, xs, ys, desc);
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
    popcount32(A[ao] ^ B[bo]) + popcount32(A[ao + 1] ^ B[bo + 1]) + popcount32(A[ao + 2] ^ B[bo + 2]) + popcount32(A[ao + 3] ^ B[bo + 3]) +
    popcount32(A[ao + 4] ^ B[bo + 4]) + popcount32(A[ao + 5] ^ B[bo + 5]) + popcount32(A[ao + 6] ^ B[bo + 6]) + popcount32(A[ao + 7] ^ B[bo + 7])
  );
}

function u32(desc) {
  const a = desc.byteOffset % 4 === 0 ? desc : desc.slice();
  return new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4);
}

/** The `probes` nearest coarse cells (first vocabulary level) of every descriptor. */
function coarseCells(D, n, centres, k, probes) {
  const out = new Uint8Array(n * probes);
  const d = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) d[c] = hamming(D, i * 8, centres, c * 8);
    for (let p = 0; p < probes; p++) {
      let best = -1;
      for (let c = 0; c < k; c++) if (d[c] >= 0 && (best < 0 || d[c] < d[best])) best = c;
      out[i * probes + p] = best;
      d[best] = -1;
    }
  }
  return out;
}

/**
 * The same matching restricted to descriptors in the query descriptor's `probes` nearest coarse
 * cells (multi-probe, as in vocabulary-tree matching): ~1/10 of the comparisons. Matches across
 * cells far from a descriptor are lost, which costs a few inliers of a true match and removes
 * chance matches equally (calibrated in docs/benchmarks.md).
 */
function ratioMatchesCoarse(q, r, ratio, coarse) {
  const { centres, k, probes } = coarse;
  if (!q.cells) q.cells = coarseCells(q.D ?? (q.D = u32(q.desc)), q.n, centres, k, probes);
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
      const list = members[q.cells[i * probes + p]];
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

/**
 * One (query, registered) pair: 2-NN Hamming matches from the query to the registered view,
 * Lowe's ratio test, one match per registered keypoint (the closest), a USAC_MAGSAC homography,
 * score = distinct inlier locations on both sides (several pyramid levels at one spot count once:
 * raw inlier counts let degenerate homographies through).
 */
function verifyPair(q, r, trainMat, queryMat, ratio, maxLines, coarse) {
  const empty = { score: 0, inliers: 0, quad: null, lines: [] };
  if (q.n < 8 || r.n < 8) return empty;
  {
    const byTrain = coarse ? ratioMatchesCoarse(q, r, ratio, coarse) : ratioMatchesCv(queryMat, trainMat, ratio);
    if (byTrain.size < 8) return empty;
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
      const project = (x, y) => {
        const w = h[6] * x + h[7] * y + h[8];
        return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
      };
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
      return { score, inliers: inlierIdx.length, quad, lines, homography: h };
    } finally {
      srcMat.delete();
      dstMat.delete();
      mask.delete();
      if (H) H.delete();
    }
  }
}

/** First-level centres of the committed vocabulary (vocabulary.ts layout), for coarse matching. */
let coarseCentres = null;
function loadCoarse() {
  if (coarseCentres) return coarseCentres;
  const bytes = readFileSync(new URL("./vocabulary.bin", import.meta.url));
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const k = dv.getUint16(4, true);
  const centres = new Uint32Array(bytes.buffer.slice(bytes.byteOffset + 8, bytes.byteOffset + 8 + k * 32));
  coarseCentres = { centres, k };
  return coarseCentres;
}

/**
 * mode "coarse" (default): matching restricted to the query descriptor's `probes` nearest coarse
 * cells, in JavaScript; mode "exact": OpenCV's brute-force 2-NN over all descriptors.
 */
function verify({ query, candidates, ratio = 0.8, maxLines = 60, mode = "coarse", probes = 3 }) {
  const coarse = mode === "coarse" ? { ...loadCoarse(), probes } : null;
  // An empty buffer stands for a variant the caller does not want tried.
  const queries = (Array.isArray(query) ? query : [query]).map((b) => (b.byteLength ? decode(b) : null));
  const queryMats = queries.map((q) => (q && !coarse ? descMat(q.desc, q.n) : null));
  try {
    return candidates.map((c) => {
      const r = decode(c.features);
      const trainMat = coarse ? null : descMat(r.desc, r.n);
      try {
        let best = { score: 0, inliers: 0, quad: null, lines: [], variant: 0 };
        queries.forEach((q, vi) => {
          if (!q) return;
          const got = verifyPair(q, r, trainMat, queryMats[vi], ratio, maxLines, coarse);
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

export default async function run(msg) {
  await loadCv();
  try {
    if (msg.task === "extract") return extract(msg);
    if (msg.task === "verify") return verify(msg);
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
