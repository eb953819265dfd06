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
 */
import { keccak256 as keccak256Js } from "ethers";
import { createKeccak, type IHasher } from "hash-wasm";

export type Hex32 = string; // "0x" + 64 lowercase hex digits

const HEX32 = /^0x[0-9a-f]{64}$/;

export function isHex32(v: unknown): v is Hex32 {
  return typeof v === "string" && HEX32.test(v.toLowerCase());
}

function norm(v: string): Hex32 {
  const s = v.toLowerCase();
  if (!HEX32.test(s)) throw new TypeError(`not a 32-byte hex value: ${v}`);
  return s;
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

/** keccak256 of raw bytes as 0x-prefixed lowercase hex (leaves: certificateLeaf may use this). */
export function keccak256Bytes(data: Uint8Array): Hex32 {
  if (wasmKeccak && !forceJs) return "0x" + wasmKeccak.init().update(data).digest("hex");
  return keccak256Js(data);
}

const pairBuf = new Uint8Array(64);

function nibble(c: number): number {
  // "0"-"9" = 48-57, "a"-"f" = 97-102; `| 0x20` folds "A"-"F" onto them, as ethers accepts both.
  return c <= 57 ? c - 48 : (c | 0x20) - 87;
}

function hexInto(hex: string, offset: number): void {
  for (let i = 0; i < 32; i++) pairBuf[offset + i] = (nibble(hex.charCodeAt(2 + 2 * i)) << 4) | nibble(hex.charCodeAt(3 + 2 * i));
}

/** keccak256(sorted(a, b)) — Hashes.commutativeKeccak256 in OpenZeppelin. */
export function hashPair(a: Hex32, b: Hex32): Hex32 {
  // Same-length lowercase hex compares like the bytes it encodes.
  const [lo, hi] = a < b ? [a, b] : [b, a];
  if (!wasmKeccak || forceJs) return keccak256Js("0x" + lo.slice(2) + hi.slice(2));
  hexInto(lo, 0);
  hexInto(hi, 32);
  return "0x" + wasmKeccak.init().update(pairBuf).digest("hex");
}

export type MerkleTree = {
  root: Hex32;
  leafCount: number;
  /** All nodes, root first; leaf i at nodes[nodes.length - 1 - i]. */
  nodes: Hex32[];
  leaf(i: number): Hex32;
  /** Sibling hashes from leaf i up to the root (O(log n)). */
  proof(i: number): Hex32[];
  /** Every leaf's proof, in leaf order. */
  allProofs(): Hex32[][];
};

export function buildMerkleTree(leaves: readonly string[]): MerkleTree {
  const n = leaves.length;
  if (n === 0) throw new RangeError("a Merkle tree needs at least one leaf");
  const nodes: Hex32[] = new Array(2 * n - 1);
  for (let i = 0; i < n; i++) nodes[nodes.length - 1 - i] = norm(leaves[i]);
  for (let i = nodes.length - 1 - n; i >= 0; i--) nodes[i] = hashPair(nodes[2 * i + 1], nodes[2 * i + 2]);

  const leafIndex = (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`no leaf ${i} in a tree of ${n}`);
    return nodes.length - 1 - i;
  };
  const proof = (i: number): Hex32[] => {
    const out: Hex32[] = [];
    for (let k = leafIndex(i); k > 0; k = (k - 1) >> 1) out.push(nodes[k % 2 === 1 ? k + 1 : k - 1]);
    return out;
  };
  return {
    root: nodes[0],
    leafCount: n,
    nodes,
    leaf: (i) => nodes[leafIndex(i)],
    proof,
    allProofs: () => Array.from({ length: n }, (_, i) => proof(i)),
  };
}

export function processProof(proof: readonly string[], leaf: string): Hex32 {
  let h = norm(leaf);
  for (const p of proof) h = hashPair(h, norm(p));
  return h;
}

/** MerkleProof.verify: false (never a throw) for malformed input, so callers get one answer. */
export function verifyMerkleProof(proof: readonly string[], root: string, leaf: string): boolean {
  if (!Array.isArray(proof) || !isHex32(root) || !isHex32(leaf) || !proof.every(isHex32)) return false;
  return processProof(proof, leaf) === root.toLowerCase();
}
