/**
 * Merkle trees over certificate leaves, compatible with OpenZeppelin's MerkleProof.sol
 * (keccak256 over the sorted pair, so proofs carry no left/right flags) and laid out exactly like
 * @openzeppelin/merkle-tree's SimpleMerkleTree with `sortLeaves: false`: a complete binary tree in
 * one array of 2n-1 nodes, leaf i stored at index (2n-2-i). The same leaves in the same order give
 * the same root as that library, and any proof verifies with MerkleProof.verify on chain.
 *
 * Leaves must already be hashes (32 bytes): certificateLeaf() hashes the signed digest once more,
 * so a leaf can never be mistaken for an inner node (whose preimage is 64 bytes).
 *
 * keccak256 runs in WebAssembly (hash-wasm; ~15x faster than ethers' pure-JS keccak here, see
 * docs/benchmarks.md). Compiling the module is asynchronous, so it starts when this module loads
 * and `merkleReady` resolves when it is done; until then — and wherever WebAssembly is
 * unavailable — the same bytes are hashed by ethers' keccak256, so the API stays synchronous
 * and every result is identical whichever implementation produced it (tests pin both).
 *
 * The tree is kept as one flat Uint8Array of 32-byte nodes: building it does no hex and no
 * per-node allocation besides the digest itself (a node's two children are adjacent, so a pair
 * already in order is hashed in place). Hex strings are made only for what a caller reads
 * (root, a leaf, a proof), once per node.
 */
import { getBytes, keccak256 as keccak256Js } from "ethers";
import { createKeccak, type IHasher } from "hash-wasm";

export type Hex32 = string; // "0x" + 64 lowercase hex digits

const HEX32 = /^0x[0-9a-f]{64}$/;

export function isHex32(v: unknown): v is Hex32 {
  return typeof v === "string" && HEX32.test(v.toLowerCase());
}

let wasmKeccak: IHasher | null = null;
let forceJs = false;

/** Resolves once the WebAssembly keccak is ready (never rejects: on failure the JS one stays). */
export const merkleReady: Promise<void> = createKeccak(256).then(
  (h) => {
    wasmKeccak = h;
  },
  () => {},
);

/** Which implementation hashes now; tests and the benchmark can pin the pure-JS one. */
export function keccakBackend(): "wasm" | "js" {
  return wasmKeccak && !forceJs ? "wasm" : "js";
}
export function setKeccakBackendForTests(backend: "js" | "auto"): void {
  forceJs = backend === "js";
}

/** keccak256 of raw bytes as its 32-byte digest (a fresh array). */
export function keccak256Digest(data: Uint8Array): Uint8Array {
  if (wasmKeccak && !forceJs) return wasmKeccak.init().update(data).digest("binary");
  return getBytes(keccak256Js(data));
}

/** keccak256 of raw bytes as 0x-prefixed lowercase hex (leaves: certificateLeaf may use this). */
export function keccak256Bytes(data: Uint8Array): Hex32 {
  if (wasmKeccak && !forceJs) return "0x" + wasmKeccak.init().update(data).digest("hex");
  return keccak256Js(data);
}

// ---- bytes <-> hex, without Buffer (this module is also loaded in the browser) ----

const HEX_DIGITS = "0123456789abcdef";
const hexChars = new Uint8Array(66);
hexChars[0] = 48; // "0"
hexChars[1] = 120; // "x"
// Decoding the ASCII codes is ~3x faster than String.fromCharCode.apply and gives a flat string.
const ascii = new TextDecoder("latin1");

function hexAt(bytes: Uint8Array, offset: number): Hex32 {
  for (let i = 0; i < 32; i++) {
    const b = bytes[offset + i];
    hexChars[2 + 2 * i] = HEX_DIGITS.charCodeAt(b >> 4);
    hexChars[3 + 2 * i] = HEX_DIGITS.charCodeAt(b & 15);
  }
  return ascii.decode(hexChars);
}

/** Value of one hex digit ("A"-"F" read like "a"-"f", as ethers does), or -1. */
function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** Writes a 0x-prefixed 32-byte hex value into out[offset..offset+32]; false if it is not one. */
function readHex32(v: unknown, out: Uint8Array, offset: number): boolean {
  if (typeof v !== "string" || v.length !== 66 || v.charCodeAt(0) !== 48 || (v.charCodeAt(1) | 0x20) !== 120) return false;
  for (let i = 0; i < 32; i++) {
    const hi = nibble(v.charCodeAt(2 + 2 * i));
    const lo = nibble(v.charCodeAt(3 + 2 * i));
    if (hi < 0 || lo < 0) return false;
    out[offset + i] = (hi << 4) | lo;
  }
  return true;
}

function readHex32OrThrow(v: string, out: Uint8Array, offset: number): void {
  if (!readHex32(v, out, offset)) throw new TypeError(`not a 32-byte hex value: ${v}`);
}

// ---- the sorted pair hash on bytes ----

/** Compares the 32-byte values at a and b (both in `bytes`) as unsigned big-endian numbers. */
function compare32(bytes: Uint8Array, a: number, b: number): number {
  for (let i = 0; i < 32; i++) {
    const d = bytes[a + i] - bytes[b + i];
    if (d !== 0) return d;
  }
  return 0;
}

const pairBuf = new Uint8Array(64);

/**
 * Hashes the sorted pair of the two adjacent 32-byte values at `at` in `src` into `dst` at
 * `dstOffset` — Hashes.commutativeKeccak256 in OpenZeppelin.
 */
function hashAdjacentPair(src: Uint8Array, at: number, dst: Uint8Array, dstOffset: number): void {
  let input: Uint8Array;
  if (compare32(src, at, at + 32) <= 0) {
    input = src.subarray(at, at + 64);
  } else {
    pairBuf.set(src.subarray(at + 32, at + 64), 0);
    pairBuf.set(src.subarray(at, at + 32), 32);
    input = pairBuf;
  }
  dst.set(keccak256Digest(input), dstOffset);
}

const pairScratch = new Uint8Array(64);

/** keccak256(sorted(a, b)) — Hashes.commutativeKeccak256 in OpenZeppelin. */
export function hashPair(a: Hex32, b: Hex32): Hex32 {
  readHex32OrThrow(a, pairScratch, 0);
  readHex32OrThrow(b, pairScratch, 32);
  hashAdjacentPair(pairScratch, 0, pairScratch, 0);
  return hexAt(pairScratch, 0);
}

// ---- leaves as 32-byte words ----

/**
 * Writes `value` as a uint256 word (32 bytes, big-endian — abi.encode(uint256), and ethers'
 * getBytes(toBeHex(value, 32))) into out[offset..offset+32].
 */
export function writeUint256(out: Uint8Array, offset: number, value: number | bigint): void {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a uint256: ${value}`);
    out.fill(0, offset, offset + 24);
    let v = value;
    for (let i = 31; i >= 24; i--) {
      out[offset + i] = v % 256;
      v = Math.floor(v / 256);
    }
    return;
  }
  if (value < 0n || value >> 256n !== 0n) throw new RangeError(`not a uint256: ${value}`);
  let v = value;
  for (let i = 31; i >= 0; i--) {
    out[offset + i] = Number(v & 255n);
    v >>= 8n;
  }
}

/**
 * keccak256 of each 32-byte word of `words` (e.g. certificate digests: a leaf is keccak256 of
 * the digest), as one flat array of 32-byte leaves in the same order.
 */
export function keccak256Words(words: Uint8Array): Uint8Array {
  if (words.length % 32 !== 0) throw new RangeError("words must be a whole number of 32-byte words");
  const out = new Uint8Array(words.length);
  for (let at = 0; at < words.length; at += 32) out.set(keccak256Digest(words.subarray(at, at + 32)), at);
  return out;
}

// ---- the tree ----

export type MerkleTree = {
  root: Hex32;
  leafCount: number;
  /** All nodes, root first; leaf i at nodes[nodes.length - 1 - i] (hex, made on first read). */
  readonly nodes: Hex32[];
  /** The same nodes as one flat array, 32 bytes each. */
  nodeBytes: Uint8Array;
  leaf(i: number): Hex32;
  /** Sibling hashes from leaf i up to the root (O(log n)). */
  proof(i: number): Hex32[];
  /** Every leaf's proof, in leaf order. */
  allProofs(): Hex32[][];
};

/**
 * Builds the tree over leaves given as 32-byte hex strings (as stored) or as one flat array of
 * 32-byte leaves (as keccak256Words makes them). Both give the same tree for the same leaves.
 */
export function buildMerkleTree(leaves: readonly string[] | Uint8Array): MerkleTree {
  const n = leaves instanceof Uint8Array ? leaves.length / 32 : leaves.length;
  if (!Number.isInteger(n)) throw new RangeError("leaf bytes must be a whole number of 32-byte leaves");
  if (n === 0) throw new RangeError("a Merkle tree needs at least one leaf");
  const m = 2 * n - 1;
  const bytes = new Uint8Array(32 * m);
  // Leaf i at node m-1-i: leaves go in reversed, one 32-byte block each.
  if (leaves instanceof Uint8Array) {
    for (let i = 0; i < n; i++) bytes.set(leaves.subarray(32 * i, 32 * i + 32), 32 * (m - 1 - i));
  } else {
    for (let i = 0; i < n; i++) readHex32OrThrow(leaves[i], bytes, 32 * (m - 1 - i));
  }
  // Node k's children 2k+1 and 2k+2 sit side by side at 32(2k+1).
  for (let k = m - 1 - n; k >= 0; k--) hashAdjacentPair(bytes, 32 * (2 * k + 1), bytes, 32 * k);

  const hex: (Hex32 | undefined)[] = new Array(m);
  const nodeHex = (k: number): Hex32 => (hex[k] ??= hexAt(bytes, 32 * k));
  const leafIndex = (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`no leaf ${i} in a tree of ${n}`);
    return m - 1 - i;
  };
  const proof = (i: number): Hex32[] => {
    const out: Hex32[] = [];
    for (let k = leafIndex(i); k > 0; k = (k - 1) >> 1) out.push(nodeHex(k % 2 === 1 ? k + 1 : k - 1));
    return out;
  };
  let allNodes: Hex32[] | null = null;
  return {
    root: nodeHex(0),
    leafCount: n,
    get nodes() {
      return (allNodes ??= Array.from({ length: m }, (_, k) => nodeHex(k)));
    },
    nodeBytes: bytes,
    leaf: (i) => nodeHex(leafIndex(i)),
    proof,
    allProofs: () => Array.from({ length: n }, (_, i) => proof(i)),
  };
}

const proofScratch = new Uint8Array(64);

export function processProof(proof: readonly string[], leaf: string): Hex32 {
  // proofScratch[0..32] holds the running hash, [32..64] the next sibling.
  readHex32OrThrow(leaf, proofScratch, 0);
  for (const p of proof) {
    readHex32OrThrow(p, proofScratch, 32);
    hashAdjacentPair(proofScratch, 0, proofScratch, 0);
  }
  return hexAt(proofScratch, 0);
}

/** MerkleProof.verify: false (never a throw) for malformed input, so callers get one answer. */
export function verifyMerkleProof(proof: readonly string[], root: string, leaf: string): boolean {
  if (!Array.isArray(proof) || !isHex32(root) || !isHex32(leaf) || !proof.every(isHex32)) return false;
  return processProof(proof, leaf) === root.toLowerCase();
}
