/**
 * The WebAssembly Hamming kernel gives exactly the distances and the 2-NN search of the
 * JavaScript loop it replaced (vocabulary.ts hamming256), including ties and runs split over
 * several scans.
 */
import { describe, expect, it } from "vitest";
import { createHammingKernel } from "./hamming-kernel.mjs";
import { hamming256 } from "./vocabulary";

function randomWords(n: number, seed: number): Uint32Array {
  let s = seed >>> 0 || 1;
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s >>> 0;
  }
  return out;
}

describe("hamming kernel", () => {
  const K = createHammingKernel();
  const n = 600;
  const words = randomWords(n * 8, 7);
  // Near-duplicates and exact duplicates, so ties and small distances occur.
  for (let i = 1; i < n; i += 5) {
    words.copyWithin(i * 8, (i - 1) * 8, i * 8);
    words[i * 8 + (i % 8)]! ^= 1 << (i % 32);
  }
  for (let i = 3; i < n; i += 50) words.copyWithin(i * 8, 0, 8);
  K.reserve(n * 32 + 4096);
  K.bytes().set(new Uint8Array(words.buffer), 0);
  const out = n * 32;

  it("computes the same distances as hamming256", () => {
    for (let q = 0; q < 40; q++) {
      K.dists(q * 32, 0, n, out);
      const got = [...K.int32().subarray(out / 4, out / 4 + n)];
      expect(got, `query ${q}`).toEqual(Array.from({ length: n }, (_, j) => hamming256(words, q * 8, words, j * 8)));
    }
  });

  it("finds the same nearest and second nearest as the JavaScript loop, over split runs", () => {
    for (let q = 0; q < 60; q++) {
      let b1 = 257;
      let b2 = 257;
      let bj = -1;
      for (let j = 0; j < n; j++) {
        const d = hamming256(words, q * 8, words, j * 8);
        if (d < b1) {
          b2 = b1;
          b1 = d;
          bj = j;
        } else if (d < b2) b2 = d;
      }
      // The same search as three runs, as the matcher does over three coarse cells.
      const cuts = [0, 97 + q, 350 - q, n];
      let state = 257 | (257 << 9);
      let kj = -1;
      for (let c = 0; c < 3; c++) {
        const got = K.scan(q * 32, cuts[c]! * 32, cuts[c + 1]! * 32, state);
        if (got >>> 18) kj = cuts[c]! + (got >>> 18) - 1;
        state = got & 0x3ffff;
      }
      expect([state & 511, (state >>> 9) & 511, kj]).toEqual([b1, b2, bj]);
    }
  });

  it("grows its memory on demand and keeps the contents", () => {
    const before = K.bytes().byteLength;
    K.reserve(before + 100_000);
    expect(K.bytes().byteLength).toBeGreaterThanOrEqual(before + 100_000);
    K.dists(0, 32, 1, out);
    expect(K.int32()[out / 4]).toBe(hamming256(words, 0, words, 8));
  });
});
