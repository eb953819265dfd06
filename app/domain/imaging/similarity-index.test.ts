import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hammingHex } from "./hamming";
import { PdqSimilarityIndex, type SimilarityHit } from "./similarity-index";

const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString("hex"));

/** Flip the listed bit positions of a hex hash. */
function flip(hash: string, bits: number[]): string {
  const bytes = Buffer.from(hash, "hex");
  for (const b of bits) bytes[b >> 3] ^= 1 << (b & 7);
  return bytes.toString("hex");
}

function bruteForce(entries: Map<string, string>, q: string, radius: number): SimilarityHit[] {
  const hits: SimilarityHit[] = [];
  for (const [id, h] of entries) {
    const d = hammingHex(h, q);
    if (d <= radius) hits.push({ id, distance: d });
  }
  return hits.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// Clustered data: hashes near a few bases, so radius queries actually find things and the
// probe/bucket paths (not just the empty case) are exercised.
const scenario = fc.record({
  bases: fc.array(hex64, { minLength: 1, maxLength: 4 }),
  items: fc.array(
    fc.record({
      base: fc.nat(3),
      bits: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 60 }),
      id: fc.integer({ min: 0, max: 40 }).map((n) => `w${n}`),
    }),
    { minLength: 1, maxLength: 80 },
  ),
  removals: fc.array(fc.integer({ min: 0, max: 40 }).map((n) => `w${n}`), { maxLength: 10 }),
  queries: fc.array(
    fc.record({ base: fc.nat(3), bits: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 50 }) }),
    { minLength: 1, maxLength: 5 },
  ),
  radius: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 256 })),
});

describe("PdqSimilarityIndex", () => {
  it("returns exactly what a linear scan returns (add, replace, remove)", () => {
    fc.assert(
      fc.property(scenario, ({ bases, items, removals, queries, radius }) => {
        const index = new PdqSimilarityIndex(16); // small start: growth is exercised too
        const truth = new Map<string, string>();
        for (const it of items) {
          const h = flip(bases[it.base % bases.length], it.bits);
          index.add(it.id, h);
          truth.set(it.id, h);
        }
        for (const id of removals) {
          expect(index.remove(id)).toBe(truth.delete(id));
        }
        expect(index.size).toBe(truth.size);
        for (const q of queries) {
          const qh = flip(bases[q.base % bases.length], q.bits);
          expect(index.query(qh, radius)).toEqual(bruteForce(truth, qh, radius));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("queryDihedral gives each id its minimum distance over the variants", () => {
    fc.assert(
      fc.property(scenario, fc.array(hex64, { minLength: 8, maxLength: 8 }), (s, extra) => {
        const index = new PdqSimilarityIndex();
        const truth = new Map<string, string>();
        for (const it of s.items) {
          const h = flip(s.bases[it.base % s.bases.length], it.bits);
          index.add(it.id, h);
          truth.set(it.id, h);
        }
        const variants = extra.map((h, i) => (i < s.queries.length ? flip(s.bases[s.queries[i].base % s.bases.length], s.queries[i].bits) : h));
        const expected = new Map<string, number>();
        for (const v of variants) {
          for (const hit of bruteForce(truth, v, s.radius)) {
            expected.set(hit.id, Math.min(expected.get(hit.id) ?? Infinity, hit.distance));
          }
        }
        const got = index.queryDihedral(variants, s.radius);
        expect(new Map(got.map((h) => [h.id, h.distance]))).toEqual(expected);
        for (let i = 1; i < got.length; i++) expect(got[i - 1].distance).toBeLessThanOrEqual(got[i].distance);
      }),
      { numRuns: 150 },
    );
  });

  it("finds a planted near-duplicate among many random hashes at radius 31", () => {
    const index = new PdqSimilarityIndex();
    const rng = fc.sample(hex64, { numRuns: 20_000, seed: 42 });
    rng.forEach((h, i) => index.add(`r${i}`, h));
    const target = rng[1234];
    const bits = Array.from({ length: 31 }, (_, i) => i * 8); // 31 flipped bits, spread over all chunks
    const query = flip(target, bits);
    const hits = index.query(query, 31);
    expect(hits).toEqual(index.linearQuery(query, 31));
    expect(hits[0]).toEqual({ id: "r1234", distance: 31 });
    expect(index.query(query, 30).some((h) => h.id === "r1234")).toBe(false);
  });

  it("rejects malformed hashes", () => {
    const index = new PdqSimilarityIndex();
    expect(() => index.add("a", "xyz")).toThrow(RangeError);
    expect(() => index.query("ABC", 3)).toThrow(RangeError);
  });
});
