/**
 * Hamming distances between 256-bit ORB descriptors in a tiny hand-assembled WebAssembly module
 * (64-bit popcount, four loads a descriptor), for the matcher's worker (motif-worker.mjs). In
 * JavaScript a distance costs ~8 32-bit popcounts done with shifts and masks; here it is 4
 * `i64.popcnt`: the 2-NN search of a (query, view) pair, most of a verification, got several
 * times cheaper (docs/benchmarks.md). The results are exactly those of the JavaScript loop
 * (hamming-kernel.test.ts compares them).
 *
 * The module has one memory (exported; grown on demand by `reserve`) and two functions:
 *   scan(q, start, end, state) -> state
 *     q: byte offset of a query descriptor; start/end: byte offsets of a run of descriptors
 *     (32 bytes each). state packs the running 2-NN: b1 | b2 << 9 | hit << 18, where hit is 0 on
 *     entry and, on return, 1 + the index (within this run) of a descriptor that became the
 *     nearest, or 0 when none did. A descriptor at distance d replaces the nearest when
 *     d < b1 and the second nearest when b1 <= d < b2 (the order of the JavaScript loop).
 *   dists(q, centres, k, out): writes the k distances from descriptor q to the k descriptors at
 *     `centres` as i32 at `out`.
 */

// Opcodes used below.
const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i64Load: 0x29,
  i32Store: 0x36,
  i32Const: 0x41,
  i32LtU: 0x49,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Or: 0x72,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  i64Popcnt: 0x7b,
  i64Add: 0x7c,
  i64Xor: 0x85,
  i32WrapI64: 0xa7,
  void: 0x40,
  i32: 0x7f,
  i64: 0x7e,
};

/** Unsigned LEB128. */
function uleb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
function sleb(n) {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const section = (id, body) => [id, ...uleb(body.length), ...body];
const vec = (items) => [...uleb(items.length), ...items.flat()];
const name = (s) => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
const get = (i) => [OP.localGet, i];
const set = (i) => [OP.localSet, i];
const i32c = (n) => [OP.i32Const, ...sleb(n)];
/** i64.load at local `base` + offset (align 8 = 2^3). */
const load64 = (base, offset) => [...get(base), OP.i64Load, 3, ...uleb(offset)];

/** popcount(A[a + off] ^ B[b + off]) as i64 on the stack. */
const xorPop = (a, b, off) => [...load64(a, off), ...load64(b, off), OP.i64Xor, OP.i64Popcnt];

/** The distance between the descriptors at locals a and b, as i32 on the stack. */
const distance = (a, b) => [...xorPop(a, b, 0), ...xorPop(a, b, 8), OP.i64Add, ...xorPop(a, b, 16), OP.i64Add, ...xorPop(a, b, 24), OP.i64Add, OP.i32WrapI64];

// scan(q, p, end, state): params 0..3, locals d=4, b1=5, b2=6, hit=7, start=8.
const SCAN = (() => {
  const [q, p, end, state, d, b1, b2, hit, start] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const code = [
    // b1 = state & 511; b2 = (state >>> 9) & 511; hit = 0; start = p
    ...get(state),
    ...i32c(511),
    OP.i32And,
    ...set(b1),
    ...get(state),
    ...i32c(9),
    OP.i32ShrU,
    ...i32c(511),
    OP.i32And,
    ...set(b2),
    ...i32c(0),
    ...set(hit),
    ...get(p),
    ...set(start),
    OP.block,
    OP.void,
    OP.loop,
    OP.void,
    ...get(p),
    ...get(end),
    OP.i32GeU,
    OP.brIf,
    1,
    ...distance(q, p),
    OP.localTee,
    d,
    ...get(b1),
    OP.i32LtU,
    OP.if,
    OP.void,
    // b2 = b1; b1 = d; hit = (p - start) / 32 + 1
    ...get(b1),
    ...set(b2),
    ...get(d),
    ...set(b1),
    ...get(p),
    ...get(start),
    OP.i32Sub,
    ...i32c(5),
    OP.i32ShrU,
    ...i32c(1),
    OP.i32Add,
    ...set(hit),
    OP.else,
    ...get(d),
    ...get(b2),
    OP.i32LtU,
    OP.if,
    OP.void,
    ...get(d),
    ...set(b2),
    OP.end,
    OP.end,
    ...get(p),
    ...i32c(32),
    OP.i32Add,
    ...set(p),
    OP.br,
    0,
    OP.end,
    OP.end,
    // b1 | b2 << 9 | hit << 18
    ...get(b1),
    ...get(b2),
    ...i32c(9),
    OP.i32Shl,
    OP.i32Or,
    ...get(hit),
    ...i32c(18),
    OP.i32Shl,
    OP.i32Or,
    OP.end,
  ];
  const locals = vec([[5, OP.i32]]);
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
})();

const DISTS = (() => {
  // dists(q, c, k, out): params 0..3, local i=4.
  const [q, c, k, out, i] = [0, 1, 2, 3, 4];
  const code = [
    ...i32c(0),
    ...set(i),
    OP.block,
    OP.void,
    OP.loop,
    OP.void,
    ...get(i),
    ...get(k),
    OP.i32GeU,
    OP.brIf,
    1,
    // out[i] = distance(q, c)
    ...get(out),
    ...distance(q, c),
    OP.i32Store,
    2,
    0,
    ...get(out),
    ...i32c(4),
    OP.i32Add,
    ...set(out),
    ...get(c),
    ...i32c(32),
    OP.i32Add,
    ...set(c),
    ...get(i),
    ...i32c(1),
    OP.i32Add,
    ...set(i),
    OP.br,
    0,
    OP.end,
    OP.end,
    OP.end,
  ];
  const body = [...vec([[1, OP.i32]]), ...code];
  return [...uleb(body.length), ...body];
})();

/** The module's bytes. */
export function hammingModuleBytes() {
  const types = vec([
    [0x60, ...vec([[OP.i32], [OP.i32], [OP.i32], [OP.i32]]), ...vec([[OP.i32]])], // scan
    [0x60, ...vec([[OP.i32], [OP.i32], [OP.i32], [OP.i32]]), 0], // dists
  ]);
  const funcs = vec([[0], [1]]);
  const memory = vec([[0x00, ...uleb(1)]]); // min 1 page, no max
  const exports = vec([
    [...name("scan"), 0x00, 0],
    [...name("dists"), 0x00, 1],
    [...name("memory"), 0x02, 0],
  ]);
  const code = vec([SCAN, DISTS]);
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, types),
    ...section(3, funcs),
    ...section(5, memory),
    ...section(7, exports),
    ...section(10, code),
  ]);
}

/**
 * A kernel instance (one per worker thread): `scan` and `dists` as above, `reserve(bytes)` grows
 * the memory to at least that size, `bytes()` is a current view of it (views are invalidated
 * when the memory grows).
 */
export function createHammingKernel() {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(hammingModuleBytes()), {});
  const ex =
    /** @type {{ scan: (q: number, p: number, end: number, state: number) => number, dists: (q: number, c: number, k: number, out: number) => void, memory: WebAssembly.Memory }} */ (
      /** @type {unknown} */ (instance.exports)
    );
  return {
    scan: ex.scan,
    dists: ex.dists,
    reserve(bytes) {
      const have = ex.memory.buffer.byteLength;
      if (bytes > have) ex.memory.grow(Math.ceil((bytes - have) / 65536));
    },
    bytes() {
      return new Uint8Array(ex.memory.buffer);
    },
    int32() {
      return new Int32Array(ex.memory.buffer);
    },
  };
}
