/**
 * 64-bit pHash as the Python imagehash library computes it (4.3.x `phash`, hash_size 8):
 * Pillow 'L' grey, LANCZOS to 32x32, unnormalised DCT-II along both axes, the top-left 8x8
 * (DC included), bit = coefficient > median of those 64; hex row-major, first bit most
 * significant. Pure: the resize happens in the decoder (image-pixels.server.ts).
 */
export const PHASH_INPUT_SIZE = 32;

/** Pillow's ImageMode 'L' conversion (ITU-R 601-2 in 16-bit fixed point); alpha is ignored. */
export function pillowLuma(r: number, g: number, b: number): number {
  return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
}

/** Interleaved 8-bit pixels (1-4 channels) -> Pillow 'L' bytes. */
export function pillowGrey(pixels: Uint8Array, pixelCount: number, channels: number): Uint8Array {
  const out = new Uint8Array(pixelCount);
  if (channels < 3) {
    for (let i = 0; i < pixelCount; i++) out[i] = pixels[i * channels];
    return out;
  }
  for (let i = 0; i < pixelCount; i++) {
    const p = i * channels;
    out[i] = pillowLuma(pixels[p], pixels[p + 1], pixels[p + 2]);
  }
  return out;
}

const N = PHASH_INPUT_SIZE;
const COS = (() => {
  const c = new Float64Array(8 * N);
  for (let k = 0; k < 8; k++) for (let n = 0; n < N; n++) c[k * N + n] = Math.cos((Math.PI * k * (2 * n + 1)) / (2 * N));
  return c;
})();

/** `grey` is the 32x32 Pillow-'L' image, row-major. */
export function phashFromGrey32(grey: ArrayLike<number>): string {
  if (grey.length !== N * N) throw new RangeError(`pHash input must be ${N}x${N}`);
  // scipy's dct(axis=0) then dct(axis=1): first transform columns (over rows y), then rows.
  const cols = new Float64Array(8 * N); // [u][x]
  for (let u = 0; u < 8; u++) {
    for (let x = 0; x < N; x++) {
      let s = 0;
      for (let y = 0; y < N; y++) s += grey[y * N + x] * COS[u * N + y];
      cols[u * N + x] = 2 * s;
    }
  }
  const coeffs = new Float64Array(64); // [u][v]
  for (let u = 0; u < 8; u++) {
    for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let x = 0; x < N; x++) s += cols[u * N + x] * COS[v * N + x];
      coeffs[u * 8 + v] = 2 * s;
    }
  }
  const sorted = Float64Array.from(coeffs).sort();
  const median = (sorted[31] + sorted[32]) / 2;
  let hex = "";
  for (let nibble = 0; nibble < 16; nibble++) {
    let v = 0;
    for (let b = 0; b < 4; b++) v = (v << 1) | (coeffs[nibble * 4 + b] > median ? 1 : 0);
    hex += v.toString(16);
  }
  return hex;
}
