/**
 * Binary visual words: a vocabulary tree of ORB descriptors (hierarchical k-majority clustering,
 * Nistér & Stewénius / DBoW2 style) trained once by scripts/motif-vocabulary.ts on the photos
 * shipped with the project, committed as vocabulary.bin beside this file.
 *
 * File layout: u32 magic "KMV1", u16 branching, u16 depth, then the centres level by level in
 * breadth-first order (branching^1 + ... + branching^depth centres, 32 bytes each). A descriptor's
 * word is the index of the leaf reached by descending to the nearest centre at each level.
 */
const VOCABULARY_MAGIC = 0x31564d4b;

export type Vocabulary = {
  branching: number;
  depth: number;
  words: number;
  /** centres as 8 x u32 each, all levels concatenated */
  centres: Uint32Array;
  /** offset (in centres) of each level */
  levelOffset: number[];
};

export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Hamming distance between descriptor a (at word offset ao in A) and b (at bo in B), 8 x u32 each. */
export function hamming256(A: Uint32Array, ao: number, B: Uint32Array, bo: number): number {
  let d = 0;
  for (let k = 0; k < 8; k++) d += popcount32(A[ao + k]! ^ B[bo + k]!);
  return d;
}

export function parseVocabulary(bytes: Uint8Array): Vocabulary {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== VOCABULARY_MAGIC) throw new Error("not a motif vocabulary");
  const branching = dv.getUint16(4, true);
  const depth = dv.getUint16(6, true);
  const levelOffset: number[] = [];
  let total = 0;
  for (let l = 1; l <= depth; l++) {
    levelOffset.push(total);
    total += branching ** l;
  }
  const body = bytes.slice(8, 8 + total * 32);
  if (body.byteLength !== total * 32) throw new Error("motif vocabulary truncated");
  return { branching, depth, words: branching ** depth, centres: new Uint32Array(body.buffer, 0, total * 8), levelOffset };
}

export function serializeVocabulary(branching: number, depth: number, centres: Uint32Array): Uint8Array {
  const out = new Uint8Array(8 + centres.byteLength);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, VOCABULARY_MAGIC, true);
  dv.setUint16(4, branching, true);
  dv.setUint16(6, depth, true);
  out.set(new Uint8Array(centres.buffer, centres.byteOffset, centres.byteLength), 8);
  return out;
}

/** The word of descriptor i of `desc` (u32 view of 32-byte descriptors). */
function wordOf(vocab: Vocabulary, desc: Uint32Array, i: number): number {
  let node = 0; // index within the current level
  for (let l = 0; l < vocab.depth; l++) {
    const first = vocab.levelOffset[l]! + node * vocab.branching;
    let best = 0;
    let bestD = 257;
    for (let c = 0; c < vocab.branching; c++) {
      const d = hamming256(desc, i * 8, vocab.centres, (first + c) * 8);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    node = node * vocab.branching + best;
  }
  return node;
}

/** Words of every descriptor (count x 32 bytes). */
export function wordsOf(vocab: Vocabulary, descriptors: Uint8Array, limit = Infinity): Uint32Array {
  const aligned = descriptors.byteOffset % 4 === 0 ? descriptors : descriptors.slice();
  const desc = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
  const n = Math.min(limit, descriptors.byteLength / 32);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = wordOf(vocab, desc, i);
  return out;
}
