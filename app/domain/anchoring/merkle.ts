/**
 * Merkle trees over certificate leaves, compatible with OpenZeppelin's MerkleProof.sol
 * (keccak256 over the sorted pair, so proofs carry no left/right flags) and laid out exactly like
 * @openzeppelin/merkle-tree's SimpleMerkleTree with `sortLeaves: false`: a complete binary tree in
 * one array of 2n-1 nodes, leaf i stored at index (2n-2-i). The same leaves in the same order give
 * the same root as that library, and any proof verifies with MerkleProof.verify on chain.
 *
 * Leaves must already be hashes (32 bytes): certificateLeaf() hashes the signed digest once more,
 * so a leaf can never be mistaken for an inner node (whose preimage is 64 bytes).
 */
import { keccak256 } from "ethers";

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

/** keccak256(sorted(a, b)) — Hashes.commutativeKeccak256 in OpenZeppelin. */
export function hashPair(a: Hex32, b: Hex32): Hex32 {
  // Same-length lowercase hex compares like the bytes it encodes.
  return a < b ? keccak256("0x" + a.slice(2) + b.slice(2)) : keccak256("0x" + b.slice(2) + a.slice(2));
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
