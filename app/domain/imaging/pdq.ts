/**
 * PDQ (Meta ThreatExchange) perceptual hash, 256 bits + quality, following the C++ reference
 * (pdq/cpp/hashing/pdqhashing.cpp, downscaling.cpp, io/pdqio.cpp) step by step, including its
 * single-precision arithmetic (Math.fround), so that fed the same RGB pixels we produce the same
 * bits. Pure: decoding lives in pdq-image.server.ts.
 *
 * Dihedral variants are derived from the 16x16 DCT like the reference's pdqDihedral: index 0
 * original, then rotate90, rotate180, rotate270, flipX, flipY, flipPlus1, flipMinus1.
 */

/** The C++ CLI pre-resizes anything larger than this to exactly 512x512 (nearest neighbour). */
const PDQ_PRERESIZE = 512;
const MIN_HASHABLE_DIM = 5;

export const DIHEDRAL_NAMES = ["original", "rotate90", "rotate180", "rotate270", "flipX", "flipY", "flipPlus1", "flipMinus1"] as const;

type PdqResult = { hash: string; quality: number };
type PdqDihedralResult = PdqResult & { dihedral: string[] };

type LumaImage = { luma: Float32Array; width: number; height: number };

const f = Math.fround;
const LUMA_R = f(0.299);
const LUMA_G = f(0.587);
const LUMA_B = f(0.114);

/**
 * Interleaved 8-bit pixels (1-4 channels; alpha ignored) -> float luma, applying the CLI's
 * pre-resize: CImg resize(512,512) with nearest neighbour and no aspect ratio, which samples
 * source column floor(x * W / 512). Only the sampled pixels are read, so a full-resolution
 * buffer costs one pass over 512x512 samples, not over the whole image.
 */
export function pdqLumaFromPixels(pixels: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: number): LumaImage {
  const resize = width > PDQ_PRERESIZE || height > PDQ_PRERESIZE;
  const outW = resize ? PDQ_PRERESIZE : width;
  const outH = resize ? PDQ_PRERESIZE : height;
  const luma = new Float32Array(outW * outH);
  const srcX = new Int32Array(outW);
  for (let x = 0; x < outW; x++) srcX[x] = resize ? Math.floor((x * width) / outW) : x;
  const grey = channels < 3;
  for (let y = 0; y < outH; y++) {
    const sy = resize ? Math.floor((y * height) / outH) : y;
    const rowBase = sy * width;
    for (let x = 0; x < outW; x++) {
      const p = (rowBase + srcX[x]) * channels;
      luma[y * outW + x] = grey ? pixels[p] : f(f(f(LUMA_R * pixels[p]) + f(LUMA_G * pixels[p + 1])) + f(LUMA_B * pixels[p + 2]));
    }
  }
  return { luma, width: outW, height: outH };
}

function jaroszWindow(oldDim: number, newDim: number): number {
  return Math.trunc((oldDim + 2 * newDim - 1) / (2 * newDim));
}

/** One box-filter pass along a strided vector, with the reference's shrinking edge windows. */
function box1D(input: Float32Array, output: Float32Array, start: number, length: number, stride: number, window: number): void {
  const half = Math.trunc((window + 2) / 2);
  const phase1 = half - 1;
  const phase2 = window - half + 1;
  const phase3 = length - window;
  const phase4 = half - 1;
  let li = start;
  let ri = start;
  let oi = start;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < phase1; i++) {
    sum = f(sum + input[ri]);
    n++;
    ri += stride;
  }
  for (let i = 0; i < phase2; i++) {
    sum = f(sum + input[ri]);
    n++;
    output[oi] = sum / n;
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < phase3; i++) {
    sum = f(sum + input[ri]);
    sum = f(sum - input[li]);
    output[oi] = sum / n;
    li += stride;
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < phase4; i++) {
    sum = f(sum - input[li]);
    n--;
    output[oi] = sum / n;
    li += stride;
    oi += stride;
  }
}

/**
 * box1D down every column at once: the same sums, in the same order and with the same float32
 * rounding per column, but walking the image row by row. Going down one column at a time jumps
 * `cols` floats per step and misses the cache on nearly every read; this was the costliest step
 * of PDQ on a large photo.
 */
function box1DColumns(input: Float32Array, output: Float32Array, rows: number, cols: number, window: number, sums: Float32Array): void {
  const half = Math.trunc((window + 2) / 2);
  const phase1 = half - 1;
  const phase2 = window - half + 1;
  const phase3 = rows - window;
  const phase4 = half - 1;
  sums.fill(0);
  let li = 0;
  let ri = 0;
  let oi = 0;
  let n = 0;
  // A Float32Array element stores fround(value): sums[c] = sums[c] + x is f(sum + x).
  for (let i = 0; i < phase1; i++, ri += cols) {
    for (let c = 0; c < cols; c++) sums[c] = sums[c] + input[ri + c];
    n++;
  }
  for (let i = 0; i < phase2; i++, ri += cols, oi += cols) {
    n++;
    for (let c = 0; c < cols; c++) {
      sums[c] = sums[c] + input[ri + c];
      output[oi + c] = sums[c] / n;
    }
  }
  for (let i = 0; i < phase3; i++, li += cols, ri += cols, oi += cols) {
    for (let c = 0; c < cols; c++) {
      sums[c] = f(sums[c] + input[ri + c]) - input[li + c];
      output[oi + c] = sums[c] / n;
    }
  }
  for (let i = 0; i < phase4; i++, li += cols, oi += cols) {
    n--;
    for (let c = 0; c < cols; c++) {
      sums[c] = sums[c] - input[li + c];
      output[oi + c] = sums[c] / n;
    }
  }
}

/** The reference's two passes of box filters along rows, then along columns; result in buf1. */
export function jaroszFilter(buf1: Float32Array, buf2: Float32Array, rows: number, cols: number): void {
  const windowAlongRows = jaroszWindow(cols, 64);
  const windowAlongCols = jaroszWindow(rows, 64);
  const sums = new Float32Array(cols);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < rows; i++) box1D(buf1, buf2, i * cols, cols, 1, windowAlongRows);
    box1DColumns(buf2, buf1, rows, cols, windowAlongCols, sums);
  }
}

function decimateTo64(input: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const ini = Math.trunc(((i + 0.5) * rows) / 64);
    for (let j = 0; j < 64; j++) {
      const inj = Math.trunc(((j + 0.5) * cols) / 64);
      out[i * 64 + j] = input[ini * cols + inj];
    }
  }
  return out;
}

function qualityOf(b: Float32Array): number {
  let gradientSum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) {
      const d = Math.trunc(f(f(f(b[i * 64 + j] - b[(i + 1) * 64 + j]) * 100) / 255));
      gradientSum += Math.abs(d);
    }
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) {
      const d = Math.trunc(f(f(f(b[i * 64 + j] - b[i * 64 + j + 1]) * 100) / 255));
      gradientSum += Math.abs(d);
    }
  }
  return Math.min(100, Math.trunc(gradientSum / 90));
}

const DCT_16x64 = (() => {
  const m = new Float32Array(16 * 64);
  const scale = Math.sqrt(2 / 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) m[i * 64 + j] = scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1));
  }
  return m;
})();

function dct64To16(a: Float32Array): Float32Array {
  const d = DCT_16x64;
  const t = new Float32Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) {
      let s = 0;
      for (let k = 0; k < 64; k++) s = f(s + f(d[i * 64 + k] * a[k * 64 + j]));
      t[i * 64 + j] = s;
    }
  }
  const b = new Float32Array(16 * 16);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let s = 0;
      for (let k = 0; k < 64; k++) s = f(s + f(t[i * 64 + k] * d[j * 64 + k]));
      b[i * 16 + j] = s;
    }
  }
  return b;
}

/** Bit k = i*16+j set iff B[i][j] > median; hex = the 256-bit integer sum(2^k), big-endian. */
function bitsToHex(b: Float32Array): string {
  // Torben's median as used by the reference returns the lower median (128th smallest of 256).
  const sorted = Float32Array.from(b).sort();
  const median = sorted[127];
  const words = new Uint16Array(16);
  for (let k = 0; k < 256; k++) if (b[k] > median) words[k >> 4] |= 1 << (k & 15);
  let hex = "";
  for (let w = 15; w >= 0; w--) hex += words[w].toString(16).padStart(4, "0");
  return hex;
}

type Dct16 = Float32Array;

/**
 * The eight dihedral transforms of the 16x16 DCT (DC excluded, so row/column index i holds
 * frequency i+1: reflecting the image negates the even-indexed ones; transposing swaps axes).
 */
function dihedralOf(a: Dct16): Dct16[] {
  const make = (fn: (i: number, j: number, v: number, out: Dct16) => void): Dct16 => {
    const out = new Float32Array(256);
    for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) fn(i, j, a[i * 16 + j], out);
    return out;
  };
  return [
    a,
    make((i, j, v, o) => (o[j * 16 + i] = j & 1 ? v : -v)),
    make((i, j, v, o) => (o[i * 16 + j] = (i + j) & 1 ? -v : v)),
    make((i, j, v, o) => (o[j * 16 + i] = i & 1 ? v : -v)),
    make((i, j, v, o) => (o[i * 16 + j] = i & 1 ? v : -v)),
    make((i, j, v, o) => (o[i * 16 + j] = j & 1 ? v : -v)),
    make((i, j, v, o) => (o[j * 16 + i] = v)),
    make((i, j, v, o) => (o[j * 16 + i] = (i + j) & 1 ? -v : v)),
  ];
}

const ZERO_HASH = "0".repeat(64);

function dctOf(image: LumaImage): { dct: Dct16; quality: number } | null {
  const { width, height } = image;
  if (width < MIN_HASHABLE_DIM || height < MIN_HASHABLE_DIM) return null;
  const buf1 = Float32Array.from(image.luma);
  const buf2 = new Float32Array(buf1.length);
  jaroszFilter(buf1, buf2, height, width);
  const small = decimateTo64(buf1, height, width);
  return { dct: dct64To16(small), quality: qualityOf(small) };
}

export function pdqFromLuma(image: LumaImage): PdqResult {
  const r = dctOf(image);
  if (!r) return { hash: ZERO_HASH, quality: 0 };
  return { hash: bitsToHex(r.dct), quality: r.quality };
}

export function pdqDihedralFromLuma(image: LumaImage): PdqDihedralResult {
  const r = dctOf(image);
  if (!r) return { hash: ZERO_HASH, quality: 0, dihedral: Array(8).fill(ZERO_HASH) };
  const dihedral = dihedralOf(r.dct).map(bitsToHex);
  return { hash: dihedral[0], quality: r.quality, dihedral };
}
