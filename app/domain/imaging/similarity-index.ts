/**
 * In-memory near-duplicate index over 256-bit PDQ hashes (multi-index hashing).
 *
 * Each hash is cut into 16 chunks of 16 bits, and each chunk value keys a bucket in its own
 * table. If two hashes are within distance r, their 16 chunk distances add up to <= r, so at
 * least one chunk differs in <= floor(r/16) bits (pigeonhole). A query therefore only visits
 * the buckets within floor(r/16) bits of its own chunks: 17 buckets per chunk at the usual
 * match radius 31, i.e. ~16*17*n/65536 candidates, each checked by an exact distance. Results
 * are exactly those of a linear scan; when the radius is so large that the probes would cost
 * more than a scan, it scans.
 *
 * Memory: hashes and bucket chains live in typed arrays (32 + 64 bytes per entry), plus the
 * id strings and the id -> slot map; no object per entry.
 */
import { isPdqHex, pdqHexToWords } from "./hamming";

export type SimilarityHit = { id: string; distance: number };

const CHUNKS = 16;
const CHUNK_BITS = 16;
const BUCKETS = 1 << CHUNK_BITS;
const WORDS = 8;

const POP16 = (() => {
  const t = new Uint8Array(1 << 16);
  for (let i = 1; i < t.length; i++) t[i] = (i & 1) + t[i >> 1];
  return t;
})();

function pop32(x: number): number {
  return POP16[x & 0xffff] + POP16[x >>> 16];
}

/** All 16-bit values within `radius` bits of `value`, written into `out`; returns the count. */
function neighbours16(value: number, radius: number, out: Uint32Array): number {
  let n = 0;
  out[n++] = value;
  if (radius >= 1) for (let a = 0; a < 16; a++) out[n++] = value ^ (1 << a);
  if (radius >= 2)
    for (let a = 0; a < 16; a++) for (let b = a + 1; b < 16; b++) out[n++] = value ^ (1 << a) ^ (1 << b);
  if (radius >= 3)
    for (let a = 0; a < 16; a++)
      for (let b = a + 1; b < 16; b++)
        for (let c = b + 1; c < 16; c++) out[n++] = value ^ (1 << a) ^ (1 << b) ^ (1 << c);
  return n;
}
const PROBES_PER_CHUNK = [1, 17, 137, 697];

function byDistanceThenId(a: SimilarityHit, b: SimilarityHit): number {
  return a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class PdqSimilarityIndex {
  private capacity: number;
  private used = 0; // slots ever handed out (high-water mark)
  private words: Uint32Array;
  private next: Int32Array; // per slot and chunk: next slot in the same bucket, -1 ends
  private readonly heads = new Int32Array(CHUNKS * BUCKETS).fill(-1);
  private ids: (string | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private freeSlots: number[] = [];
  private seen: Uint32Array; // query generation that last visited the slot
  private generation = 0;
  private readonly probe = new Uint32Array(PROBES_PER_CHUNK[3]);
  private readonly q = new Uint32Array(WORDS);

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.words = new Uint32Array(this.capacity * WORDS);
    this.next = new Int32Array(this.capacity * CHUNKS);
    this.seen = new Uint32Array(this.capacity);
  }

  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Bytes held in typed arrays (the id strings and map come on top). */
  typedArrayBytes(): number {
    return this.words.byteLength + this.next.byteLength + this.heads.byteLength + this.seen.byteLength;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const words = new Uint32Array(cap * WORDS);
    words.set(this.words);
    const next = new Int32Array(cap * CHUNKS);
    next.set(this.next);
    const seen = new Uint32Array(cap);
    seen.set(this.seen);
    this.words = words;
    this.next = next;
    this.seen = seen;
    this.capacity = cap;
  }

  private chunk(slot: number, c: number): number {
    return (this.words[slot * WORDS + (c >> 1)] >>> ((c & 1) * 16)) & 0xffff;
  }

  /** Adds or replaces the hash stored for `id`. */
  add(id: string, hash: string): void {
    if (!isPdqHex(hash)) throw new RangeError(`not a PDQ hash: ${hash}`);
    if (this.slotOf.has(id)) this.remove(id);
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      if (this.used === this.capacity) this.grow();
      slot = this.used++;
    }
    pdqHexToWords(hash, this.words, slot * WORDS);
    for (let c = 0; c < CHUNKS; c++) {
      const h = c * BUCKETS + this.chunk(slot, c);
      this.next[slot * CHUNKS + c] = this.heads[h];
      this.heads[h] = slot;
    }
    this.ids[slot] = id;
    this.slotOf.set(id, slot);
  }

  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    for (let c = 0; c < CHUNKS; c++) {
      const h = c * BUCKETS + this.chunk(slot, c);
      let prev = -1;
      let cur = this.heads[h];
      while (cur !== slot) {
        prev = cur;
        cur = this.next[cur * CHUNKS + c];
      }
      const after = this.next[slot * CHUNKS + c];
      if (prev === -1) this.heads[h] = after;
      else this.next[prev * CHUNKS + c] = after;
    }
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    this.freeSlots.push(slot);
    return true;
  }

  private distanceTo(slot: number): number {
    const w = this.words;
    const q = this.q;
    const o = slot * WORDS;
    return (
      pop32(w[o] ^ q[0]) + pop32(w[o + 1] ^ q[1]) + pop32(w[o + 2] ^ q[2]) + pop32(w[o + 3] ^ q[3]) +
      pop32(w[o + 4] ^ q[4]) + pop32(w[o + 5] ^ q[5]) + pop32(w[o + 6] ^ q[6]) + pop32(w[o + 7] ^ q[7])
    );
  }

  private nextGeneration(): number {
    if (++this.generation === 0xffffffff) {
      this.seen.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }

  /** Every stored id within `radius` bits of `hash`, nearest first (ties by id). */
  query(hash: string, radius: number): SimilarityHit[] {
    const hits: SimilarityHit[] = [];
    this.collect(hash, radius, (id, distance) => hits.push({ id, distance }));
    return hits.sort(byDistanceThenId);
  }

  /**
   * For the 8 dihedral variants of a query photo (see pdq.ts): every id within `radius` of any
   * variant, with its smallest distance over the variants.
   */
  queryDihedral(hashes: readonly string[], radius: number): SimilarityHit[] {
    const best = new Map<string, number>();
    for (const h of new Set(hashes)) {
      this.collect(h, radius, (id, d) => {
        const prev = best.get(id);
        if (prev === undefined || d < prev) best.set(id, d);
      });
    }
    return [...best].map(([id, distance]) => ({ id, distance })).sort(byDistanceThenId);
  }

  /** Brute force over all entries; the reference the index must agree with. */
  linearQuery(hash: string, radius: number): SimilarityHit[] {
    pdqHexToWords(hash, this.q);
    const hits: SimilarityHit[] = [];
    for (let slot = 0; slot < this.used; slot++) {
      const id = this.ids[slot];
      if (id === undefined) continue;
      const d = this.distanceTo(slot);
      if (d <= radius) hits.push({ id, distance: d });
    }
    return hits.sort(byDistanceThenId);
  }

  private collect(hash: string, radius: number, emit: (id: string, distance: number) => void): void {
    pdqHexToWords(hash, this.q);
    if (radius < 0 || this.slotOf.size === 0) return;
    const perChunk = Math.floor(radius / CHUNKS);
    const expectedCandidates =
      perChunk < PROBES_PER_CHUNK.length ? CHUNKS * PROBES_PER_CHUNK[perChunk] * (this.slotOf.size / BUCKETS) : Infinity;
    if (expectedCandidates > this.slotOf.size / 2) {
      for (let slot = 0; slot < this.used; slot++) {
        const id = this.ids[slot];
        if (id === undefined) continue;
        const d = this.distanceTo(slot);
        if (d <= radius) emit(id, d);
      }
      return;
    }
    const gen = this.nextGeneration();
    const { heads, next, seen, probe, q, words, ids } = this;
    const q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3], q4 = q[4], q5 = q[5], q6 = q[6], q7 = q[7];
    for (let c = 0; c < CHUNKS; c++) {
      const qv = (q[c >> 1] >>> ((c & 1) * 16)) & 0xffff;
      const probes = neighbours16(qv, perChunk, probe);
      const base = c * BUCKETS;
      for (let p = 0; p < probes; p++) {
        let slot = heads[base + probe[p]];
        while (slot !== -1) {
          // Distance first, de-duplication only for hits: most candidates are far, and the
          // `seen` lookup would be one more cache miss for each of them.
          const o = slot * WORDS;
          const d =
            POP16[(words[o] ^ q0) & 0xffff] + POP16[(words[o] ^ q0) >>> 16] +
            POP16[(words[o + 1] ^ q1) & 0xffff] + POP16[(words[o + 1] ^ q1) >>> 16] +
            POP16[(words[o + 2] ^ q2) & 0xffff] + POP16[(words[o + 2] ^ q2) >>> 16] +
            POP16[(words[o + 3] ^ q3) & 0xffff] + POP16[(words[o + 3] ^ q3) >>> 16] +
            POP16[(words[o + 4] ^ q4) & 0xffff] + POP16[(words[o + 4] ^ q4) >>> 16] +
            POP16[(words[o + 5] ^ q5) & 0xffff] + POP16[(words[o + 5] ^ q5) >>> 16] +
            POP16[(words[o + 6] ^ q6) & 0xffff] + POP16[(words[o + 6] ^ q6) >>> 16] +
            POP16[(words[o + 7] ^ q7) & 0xffff] + POP16[(words[o + 7] ^ q7) >>> 16];
          if (d <= radius && seen[slot] !== gen) {
            seen[slot] = gen;
            emit(ids[slot] as string, d);
          }
          slot = next[slot * CHUNKS + c];
        }
      }
    }
  }
}
