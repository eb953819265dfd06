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

// Clustered data (hashes near a few bases) so that radius queries find things and the chunk
// filters are exercised, interleaved with removals and queries so that lazy rebuilds,
// tombstones, compaction and the pending tail all occur.
const near = fc.record({ base: fc.nat(3), bits: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 60 }) });
const op = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("add" as const), id: fc.integer({ min: 0, max: 40 }), h: near }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), id: fc.integer({ min: 0, max: 40 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("query" as const), h: near, radius: fc.oneof(fc.integer({ min: 0, max: 45 }), fc.integer({ min: 0, max: 256 })) }),
  },
);
const scenario = fc.record({
  bases: fc.array(hex64, { minLength: 1, maxLength: 4 }),
  ops: fc.array(op, { minLength: 1, maxLength: 120 }),
  pendingLimit: fc.integer({ min: 0, max: 12 }),
});

const at = (bases: string[], h: { base: number; bits: number[] }) => flip(bases[h.base % bases.length], h.bits);

describe("PdqSimilarityIndex", () => {
  it("returns exactly what a linear scan returns, through adds, replaces, removes and rebuilds", () => {
    fc.assert(
      fc.property(scenario, ({ bases, ops, pendingLimit }) => {
        const index = new PdqSimilarityIndex({ capacity: 16, pendingLimit });
        const truth = new Map<string, string>();
        for (const o of ops) {
          if (o.kind === "add") {
            const h = at(bases, o.h);
            index.add(`w${o.id}`, h);
            truth.set(`w${o.id}`, h);
          } else if (o.kind === "remove") {
            expect(index.remove(`w${o.id}`)).toBe(truth.delete(`w${o.id}`));
          } else {
            const q = at(bases, o.h);
            expect(index.query(q, o.radius)).toEqual(bruteForce(truth, q, o.radius));
          }
        }
        expect(index.size).toBe(truth.size);
        const q = bases[0];
        for (const r of [0, 11, 22, 31, 33, 47]) expect(index.query(q, r)).toEqual(bruteForce(truth, q, r));
      }),
      { numRuns: 400 },
    );
  });

  it("queryDihedral gives each id its minimum distance over the variants", () => {
    fc.assert(
      fc.property(scenario, fc.array(near, { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 48 }), (s, vs, radius) => {
        const index = new PdqSimilarityIndex({ pendingLimit: s.pendingLimit });
        const truth = new Map<string, string>();
        for (const o of s.ops) {
          if (o.kind !== "add") continue;
          index.add(`w${o.id}`, at(s.bases, o.h));
          truth.set(`w${o.id}`, at(s.bases, o.h));
        }
        const variants = vs.map((v) => at(s.bases, v));
        const expected = new Map<string, number>();
        for (const v of variants) {
          for (const hit of bruteForce(truth, v, radius)) {
            expected.set(hit.id, Math.min(expected.get(hit.id) ?? Infinity, hit.distance));
          }
        }
        const got = index.queryDihedral(variants, radius);
        expect(new Map(got.map((h) => [h.id, h.distance]))).toEqual(expected);
        for (let i = 1; i < got.length; i++) expect(got[i - 1].distance).toBeLessThanOrEqual(got[i].distance);
      }),
      { numRuns: 200 },
    );
  });

  it("finds a planted near-duplicate among many random hashes at radius 31", () => {
    const index = new PdqSimilarityIndex();
    const random = fc.sample(hex64, { numRuns: 20_000, seed: 42 });
    random.forEach((h, i) => index.add(`r${i}`, h));
    const target = random[1234];
    const bits = Array.from({ length: 31 }, (_, i) => i * 8 + (i % 8)); // 31 bits spread over all chunks
    const query = flip(target, bits);
    const hits = index.query(query, 31);
    expect(hits).toEqual(index.linearQuery(query, 31));
    expect(hits[0]).toEqual({ id: "r1234", distance: 31 });
    expect(index.query(query, 30).some((h) => h.id === "r1234")).toBe(false);
    index.remove("r1234");
    expect(index.query(query, 31).some((h) => h.id === "r1234")).toBe(false);
  });

  // Small scenarios above are scanned (probing would cost more than a scan); here the tables are
  // used at every radius, in both bucket layouts, with buckets longer than one line (clusters).
  it.each([
    ["compact buckets", Infinity],
    ["one-line buckets", 0],
  ])("is exact with the tables in use (%s), through removes and rebuilds", (_name, lineLayoutFrom) => {
    const randomPool = fc.sample(hex64, { numRuns: 1500, seed: 7 });
    fc.assert(
      fc.property(
        fc.array(hex64, { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }), { minLength: 40, maxLength: 200 }),
        fc.array(fc.nat(1699), { maxLength: 150 }),
        fc.array(fc.record({ base: fc.nat(2), bits: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }), radius: fc.integer({ min: 0, max: 47 }) }), {
          minLength: 5,
          maxLength: 20,
        }),
        (bases, cluster, removals, queries) => {
          const index = new PdqSimilarityIndex({ capacity: 64, pendingLimit: 400, lineLayoutFrom });
          const truth = new Map<string, string>();
          const put = (id: string, h: string) => {
            index.add(id, h);
            truth.set(id, h);
          };
          randomPool.forEach((h, i) => put(`r${i}`, h));
          cluster.forEach((bits, i) => put(`c${i}`, flip(bases[i % bases.length], bits)));
          const check = () => {
            for (const q of queries) {
              const h = flip(bases[q.base % bases.length], q.bits);
              expect(index.query(h, q.radius)).toEqual(bruteForce(truth, h, q.radius));
            }
          };
          check();
          for (const r of removals) {
            const id = r < 1500 ? `r${r}` : `c${r - 1500}`;
            expect(index.remove(id)).toBe(truth.delete(id));
          }
          cluster.slice(0, 30).forEach((bits, i) => put(`n${i}`, flip(bases[0], [...bits, i])));
          check();
        },
      ),
      { numRuns: 12 },
    );
  });

  it.each([
    ["compact buckets", Infinity],
    ["one-line buckets", 0],
  ])("is exact when a query has more candidates than its first buffer holds (%s)", (_name, lineLayoutFrom) => {
    // 2,000 photos at distance 31 from the query that only one table can find: 4 bits off in
    // each of words 0-6 (beyond the word filter), and in word 7 one bit off in the low half and
    // two in the high half (so only the low half's table probes them). One query collects all
    // 2,000 as candidates of that table (the buffer starts at 1,024): none may be lost.
    const index = new PdqSimilarityIndex({ pendingLimit: 0, lineLayoutFrom });
    const truth = new Map<string, string>();
    const [base] = fc.sample(hex64, { numRuns: 1, seed: 11 });
    fc.sample(hex64, { numRuns: 1500, seed: 12 }).forEach((h, i) => truth.set(`r${i}`, h));
    const fourOf32 = fc.uniqueArray(fc.integer({ min: 0, max: 31 }), { minLength: 4, maxLength: 4 });
    const offsets = fc.record({
      words: fc.tuple(fourOf32, fourOf32, fourOf32, fourOf32, fourOf32, fourOf32, fourOf32),
      low: fc.integer({ min: 240, max: 255 }),
      high: fc.uniqueArray(fc.integer({ min: 224, max: 239 }), { minLength: 2, maxLength: 2 }),
    });
    fc.sample(offsets, { numRuns: 2000, seed: 13 }).forEach((o, i) => {
      truth.set(`c${i}`, flip(base, [...o.words.flatMap((bits, w) => bits.map((b) => w * 32 + b)), o.low, ...o.high]));
    });
    for (const [id, h] of truth) index.add(id, h);
    const hits = index.query(base, 31);
    expect(hits.filter((h) => h.id.startsWith("c") && h.distance === 31)).toHaveLength(2000);
    expect(hits).toEqual(bruteForce(truth, base, 31));
  });

  it("rejects malformed hashes", () => {
    const index = new PdqSimilarityIndex();
    expect(() => index.add("a", "xyz")).toThrow(RangeError);
    expect(() => index.query("ABC", 3)).toThrow(RangeError);
  });
});
