/**
 * Hash distances and the thresholds we act on. Pure: used by the match API, case reports and UI.
 *
 * Thresholds are Meta's published ones (ThreatExchange pdq/README.md, python-threatexchange):
 * a PDQ match is Hamming distance <= 31 of 256, and hashes with quality < 50 are too weak to
 * act on (flat or tiny images hash to near-constant bit patterns that "match" each other).
 * pHash is stored and published (certificates, API) for people checking with the imagehash
 * tools; no rule here matches on it: the prior-art check and photo search use PDQ only
 * (registry/find-matching-views.server.ts).
 */
export const PDQ_MATCH_THRESHOLD = 31;
export const PDQ_WEAK_QUALITY = 50;

export function isWeakPdq(quality: number): boolean {
  return quality < PDQ_WEAK_QUALITY;
}

const POPCOUNT_NIBBLE = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];

/** Hamming distance between two equal-length hex strings (PDQ: 64 chars, pHash: 16). */
export function hammingHex(a: string, b: string): number {
  if (a.length !== b.length) throw new RangeError(`hash lengths differ: ${a.length} vs ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const x = parseInt(a[i], 16) ^ parseInt(b[i], 16);
    if (Number.isNaN(x)) throw new RangeError("not a hex string");
    d += POPCOUNT_NIBBLE[x];
  }
  return d;
}

/** Smallest distance from `hash` to any of `variants` (e.g. the 8 dihedral PDQ hashes). */
export function minHammingHex(hash: string, variants: readonly string[]): number {
  let best = Infinity;
  for (const v of variants) best = Math.min(best, hammingHex(hash, v));
  return best;
}

export function isPdqHex(s: unknown): s is string {
  return typeof s === "string" && /^[0-9a-f]{64}$/.test(s);
}

export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** 64 hex chars -> 8 big-endian 32-bit words (word 0 = first 8 hex chars). */
export function pdqHexToWords(hex: string, out: Uint32Array = new Uint32Array(8), offset = 0): Uint32Array {
  if (!isPdqHex(hex)) throw new RangeError("PDQ hash must be 64 lowercase hex characters");
  for (let w = 0; w < 8; w++) out[offset + w] = parseInt(hex.slice(w * 8, w * 8 + 8), 16) >>> 0;
  return out;
}

export function wordsToPdqHex(words: ArrayLike<number>, offset = 0): string {
  let s = "";
  for (let w = 0; w < 8; w++) s += (words[offset + w] >>> 0).toString(16).padStart(8, "0");
  return s;
}
