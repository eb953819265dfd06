/**
 * In-memory near-duplicate index over 256-bit PDQ hashes (multi-index hashing, two levels).
 *
 * A hash is 8 words of 32 bits. If two hashes are within distance r, their 8 word distances
 * add up to <= r, so some word differs in <= floor(r/8) bits (pigeonhole: 3 at the usual match
 * radius 31), and then one of that word's two 16-bit halves differs in <= floor(r/16) bits (1).
 * There is one table per half (16 tables): entries sorted by the half's value, each storing the
 * slot and the word's other half. A query visits, per half, the values within floor(r/16) bits
 * of its own (17 of 65536 at r=31), keeps the entries whose whole word is within floor(r/8)
 * bits (read from the contiguous table, no random access), and computes the exact distance only
 * for those few survivors. Results are exactly those of a linear scan; when the radius is so
 * large that probing would cost more than a scan, it scans.
 *
 * Updates: new hashes go to a pending tail that queries scan directly; removed ones become
 * tombstones. The tables are rebuilt lazily (on the next query) once the tail grows past
 * max(pendingLimit, size/64), and compacted when tombstones pile up. Memory: typed arrays only
 * (32 bytes per hash + 16 x 6 bytes in the tables), plus the id strings and the id -> slot map.
 */
import { isPdqHex, pdqHexToWords } from "./hamming";

export type SimilarityHit = { id: string; distance: number };

const WORDS = 8;
const TABLES = 16; // table t: half (t & 1 ? low : high) of word t >> 1
const HALF_VALUES = 1 << 16;
/** 16-bit values within 0..3 bits of a given one. Beyond that a scan is cheaper. */
const WITHIN = [1, 17, 137, 697];

const POP16 = (() => {
  const t = new Uint8Array(1 << 16);
  for (let i = 1; i < t.length; i++) t[i] = (i & 1) + t[i >> 1];
  return t;
})();

function neighbours16(value: number, radius: number, out: Uint32Array): number {
  let n = 0;
  out[n++] = value;
  if (radius >= 1) for (let a = 0; a < 16; a++) out[n++] = value ^ (1 << a);
  if (radius >= 2) for (let a = 0; a < 16; a++) for (let b = a + 1; b < 16; b++) out[n++] = value ^ (1 << a) ^ (1 << b);
  if (radius >= 3)
    for (let a = 0; a < 16; a++) for (let b = a + 1; b < 16; b++) for (let c = b + 1; c < 16; c++) out[n++] = value ^ (1 << a) ^ (1 << b) ^ (1 << c);
  return n;
}

function byDistanceThenId(a: SimilarityHit, b: SimilarityHit): number {
  return a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Bucket starts of table t at [t * (HALF_VALUES + 1), ...]; entries of table t at [t * n, ...). */
type Tables = {
  offsets: Int32Array;
  others: Uint16Array;
  slots: Int32Array;
  n: number;
  /**
   * Large indexes only: each bucket's first LINE_ENTRIES "other halves" in one 64-byte line
   * [count, o1 … o31], so a probe costs one cache line instead of two (the bucket start, then
   * its entries); the bucket start is read only for the rare entry that passes the filter, and
   * for the tail of a bucket longer than the line.
   */
  lines: Uint16Array | null;
};
const LINE = 32; // uint16 per line: 64 bytes
const LINE_ENTRIES = LINE - 1;

type SimilarityIndexOptions = {
  /** Initial hash capacity (grows by doubling). */
  capacity?: number;
  /** Rebuild the tables once more than max(pendingLimit, size/64) hashes are pending. */
  pendingLimit?: number;
  /** Use the one-line bucket layout from this many hashes on (64 MB; default 200,000). */
  lineLayoutFrom?: number;
};

export class PdqSimilarityIndex {
  private capacity: number;
  private used = 0; // slots handed out; slots are never reused before a compaction
  private built = 0; // slots [0, built) are in the tables, [built, used) are pending
  private dead = 0;
  private words: Uint32Array;
  private ids: (string | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private tables: Tables | null = null;
  private seen: Uint32Array; // query generation that last reported the slot
  private generation = 0;
  private readonly pendingLimit: number;
  private readonly lineLayoutFrom: number;
  private readonly probe = new Uint32Array(WITHIN[3]);
  private readonly lineAt = new Int32Array(TABLES * WITHIN[3]);
  private readonly lineCount = new Uint16Array(TABLES * WITHIN[3]);
  private cand: Int32Array = new Int32Array(1024);
  private readonly q = new Uint32Array(WORDS);

  constructor(options: SimilarityIndexOptions = {}) {
    this.capacity = Math.max(16, options.capacity ?? 1024);
    this.pendingLimit = options.pendingLimit ?? 4096;
    this.lineLayoutFrom = options.lineLayoutFrom ?? 200_000;
    this.words = new Uint32Array(this.capacity * WORDS);
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
    let b = this.words.byteLength + this.seen.byteLength;
    if (this.tables) b += this.tables.offsets.byteLength + this.tables.others.byteLength + this.tables.slots.byteLength + (this.tables.lines?.byteLength ?? 0);
    return b;
  }

  /** Adds, or replaces the hash stored for, `id`. */
  add(id: string, hash: string): void {
    if (!isPdqHex(hash)) throw new RangeError(`not a PDQ hash: ${hash}`);
    this.remove(id);
    if (this.used === this.capacity) this.resize(this.capacity * 2);
    const slot = this.used++;
    pdqHexToWords(hash, this.words, slot * WORDS);
    this.ids[slot] = id;
    this.slotOf.set(id, slot);
  }

  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    this.dead++;
    return true;
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

  /** Brute force over all entries: the reference the index must agree with. */
  linearQuery(hash: string, radius: number): SimilarityHit[] {
    pdqHexToWords(hash, this.q);
    const hits: SimilarityHit[] = [];
    this.scan(0, this.used, radius, (id, distance) => hits.push({ id, distance }));
    return hits.sort(byDistanceThenId);
  }

  private resize(capacity: number): void {
    const words = new Uint32Array(capacity * WORDS);
    words.set(this.words.subarray(0, Math.min(this.words.length, capacity * WORDS)));
    this.words = words;
    this.seen = new Uint32Array(capacity);
    this.generation = 0;
    this.capacity = capacity;
  }

  private distance(slot: number): number {
    const w = this.words;
    const q = this.q;
    let d = 0;
    for (let k = 0, o = slot * WORDS; k < WORDS; k++, o++) {
      const x = w[o] ^ q[k];
      d += POP16[x & 0xffff] + POP16[x >>> 16];
    }
    return d;
  }

  private scan(from: number, to: number, radius: number, emit: (id: string, d: number) => void): void {
    for (let slot = from; slot < to; slot++) {
      const id = this.ids[slot];
      if (id === undefined) continue;
      const d = this.distance(slot);
      if (d <= radius) emit(id, d);
    }
  }

  /** Drops tombstones: live hashes move down to consecutive slots, keeping their order. */
  private compact(): void {
    let to = 0;
    for (let from = 0; from < this.used; from++) {
      const id = this.ids[from];
      if (id === undefined) continue;
      if (to !== from) {
        this.words.copyWithin(to * WORDS, from * WORDS, from * WORDS + WORDS);
        this.ids[to] = id;
        this.slotOf.set(id, to);
      }
      to++;
    }
    this.ids.length = to;
    this.used = to;
    this.dead = 0;
  }

  private rebuild(): void {
    if (this.dead > this.slotOf.size / 4) this.compact();
    const n = this.used;
    const live = new Int32Array(this.slotOf.size);
    let count = 0;
    for (let s = 0; s < n; s++) if (this.ids[s] !== undefined) live[count++] = s;
    const words = this.words;
    // One flat allocation per array (not 16 small objects): fewer pointers to chase per query.
    const offsets = new Int32Array(TABLES * (HALF_VALUES + 1));
    const others = new Uint16Array(TABLES * count);
    const slots = new Int32Array(TABLES * count);
    const fill = new Int32Array(HALF_VALUES);
    for (let t = 0; t < TABLES; t++) {
      const w = t >> 1;
      const probedShift = t & 1 ? 0 : 16;
      const otherShift = 16 - probedShift;
      const ob = t * (HALF_VALUES + 1);
      const eb = t * count;
      for (let i = 0; i < count; i++) offsets[ob + ((words[live[i] * WORDS + w] >>> probedShift) & 0xffff) + 1]++;
      for (let v = 0; v < HALF_VALUES; v++) offsets[ob + v + 1] += offsets[ob + v];
      fill.set(offsets.subarray(ob, ob + HALF_VALUES));
      for (let i = 0; i < count; i++) {
        const s = live[i];
        const word = words[s * WORDS + w];
        const at = eb + fill[(word >>> probedShift) & 0xffff]++;
        others[at] = (word >>> otherShift) & 0xffff;
        slots[at] = s;
      }
    }
    let lines: Uint16Array | null = null;
    if (count >= this.lineLayoutFrom) {
      lines = new Uint16Array(TABLES * HALF_VALUES * LINE);
      for (let t = 0; t < TABLES; t++) {
        const ob = t * (HALF_VALUES + 1);
        const eb = t * count;
        for (let v = 0; v < HALF_VALUES; v++) {
          const start = offsets[ob + v];
          const len = offsets[ob + v + 1] - start;
          const lb = (t * HALF_VALUES + v) * LINE;
          lines[lb] = Math.min(len, 0xffff);
          lines.set(others.subarray(eb + start, eb + start + Math.min(len, LINE_ENTRIES)), lb + 1);
        }
      }
    }
    this.tables = { offsets, others, slots, n: count, lines };
    this.built = n;
  }

  /** A slot whose word passed the filter: the exact distance first (one read of the hash), the dedupe and id only for hits. */
  private visit(slot: number, gen: number, radius: number, emit: (id: string, distance: number) => void): void {
    const w = this.words;
    const q = this.q;
    const o = slot * WORDS;
    let d = 0;
    for (let k = 0; k < WORDS; k++) {
      const x = w[o + k] ^ q[k];
      d += POP16[x & 0xffff] + POP16[x >>> 16];
    }
    if (d > radius || this.seen[slot] === gen) return;
    this.seen[slot] = gen;
    const id = this.ids[slot];
    if (id !== undefined) emit(id, d); // undefined: removed since the last rebuild
  }

  private nextGeneration(): number {
    if (++this.generation === 0xffffffff) {
      this.seen.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }

  private collect(hash: string, radius: number, emit: (id: string, distance: number) => void): void {
    pdqHexToWords(hash, this.q);
    if (radius < 0 || this.slotOf.size === 0) return;
    const perWord = Math.floor(radius / 8);
    const perHalf = Math.floor(radius / 16);
    const live = this.slotOf.size;
    const probeCost = perHalf < WITHIN.length ? TABLES * WITHIN[perHalf] * (live / HALF_VALUES + 2) : Infinity;
    if (probeCost > live) {
      this.scan(0, this.used, radius, emit);
      return;
    }
    if (this.used - this.built > Math.max(this.pendingLimit, live >> 6) || this.dead > live) this.rebuild();

    if (!this.tables) {
      this.scan(0, this.used, radius, emit); // nothing built yet: everything is pending
      return;
    }
    const gen = this.nextGeneration();
    if (this.tables.lines) this.probeLines(this.tables, perWord, perHalf, gen, radius, emit);
    else this.probeCompact(this.tables, perWord, perHalf, gen, radius, emit);
    this.scan(this.built, this.used, radius, emit);
  }

  /**
   * The one-line layout, in stages whose memory reads do not depend on each other, so the CPU
   * keeps many cache misses in flight instead of waiting for one bucket at a time: (1) the count
   * word of every probed line (bringing the 272 lines at r = 31 into cache together), (2) the
   * filter over the lines, collecting the entry positions that pass, (3) their slots, (4) the
   * exact distances. A bucket longer than its line continues in the compact table.
   */
  private probeLines(tables: Tables, perWord: number, perHalf: number, gen: number, radius: number, emit: (id: string, distance: number) => void): void {
    const { probe, q, lineAt, lineCount } = this;
    const { offsets, others, slots, n } = tables;
    const lines = tables.lines!;
    let probes = 0;
    for (let t = 0; t < TABLES; t++) {
      const qword = q[t >> 1];
      const qhalf = t & 1 ? qword & 0xffff : qword >>> 16;
      const count = neighbours16(qhalf, perHalf, probe);
      for (let p = 0; p < count; p++) {
        const lb = (t * HALF_VALUES + probe[p]) * LINE;
        lineAt[probes] = lb;
        lineCount[probes++] = lines[lb];
      }
    }
    let found = 0;
    let cand: Int32Array = this.cand;
    for (let k = 0; k < probes; k++) {
      const lb = lineAt[k];
      const t = lb >>> 21; // lb = (t * 65536 + value) * 32
      const value = (lb >>> 5) & 0xffff;
      const qword = q[t >> 1];
      const qhalf = t & 1 ? qword & 0xffff : qword >>> 16;
      const qother = t & 1 ? qword >>> 16 : qword & 0xffff;
      const budget = perWord - POP16[value ^ qhalf];
      const count = lineCount[k];
      const inLine = count < LINE_ENTRIES ? count : LINE_ENTRIES;
      let start = -1; // the bucket's first entry, read only if something passes
      for (let i = 0; i < inLine; i++) {
        let x = lines[lb + 1 + i] ^ qother;
        x -= (x >>> 1) & 0x5555;
        x = (x & 0x3333) + ((x >>> 2) & 0x3333);
        x = (x + (x >>> 4)) & 0x0f0f;
        if (((x + (x >>> 8)) & 0x1f) > budget) continue;
        if (start < 0) start = t * n + offsets[t * (HALF_VALUES + 1) + value];
        if (found === cand.length) cand = this.growCandidates();
        cand[found++] = start + i;
      }
      if (count <= LINE_ENTRIES) continue;
      const eb = t * n;
      const ob = t * (HALF_VALUES + 1);
      for (let e = eb + offsets[ob + value] + LINE_ENTRIES, end = eb + offsets[ob + value + 1]; e < end; e++) {
        if (POP16[others[e] ^ qother] > budget) continue;
        if (found === cand.length) cand = this.growCandidates();
        cand[found++] = e;
      }
    }
    for (let i = 0; i < found; i++) cand[i] = slots[cand[i]];
    for (let i = 0; i < found; i++) this.visit(cand[i], gen, radius, emit);
  }

  private growCandidates(): Int32Array {
    const grown = new Int32Array(this.cand.length * 2);
    grown.set(this.cand);
    this.cand = grown;
    return grown;
  }

  /** The compact layout (smaller indexes): each probed bucket's entries straight from the table. */
  private probeCompact(tables: Tables, perWord: number, perHalf: number, gen: number, radius: number, emit: (id: string, distance: number) => void): void {
    const { probe } = this;
    const q = this.q;
    const { offsets, others, slots, n } = tables;
    for (let t = 0; t < TABLES; t++) {
      const qword = q[t >> 1];
      const qhalf = t & 1 ? qword & 0xffff : qword >>> 16;
      const qother = t & 1 ? qword >>> 16 : qword & 0xffff;
      const ob = t * (HALF_VALUES + 1);
      const eb = t * n;
      const probes = neighbours16(qhalf, perHalf, probe);
      for (let p = 0; p < probes; p++) {
        const value = probe[p];
        const budget = perWord - POP16[value ^ qhalf];
        for (let e = eb + offsets[ob + value], end = eb + offsets[ob + value + 1]; e < end; e++) {
          if (POP16[others[e] ^ qother] > budget) continue;
          this.visit(slots[e], gen, radius, emit);
        }
      }
    }
  }
}
