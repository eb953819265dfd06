/**
 * The audit log head as a Merkle leaf. Each batch also commits to the head of the audit hash
 * chain at the moment it was made, so anchoring a batch anchors the whole log up to that event:
 * editing any older audit event changes every later hash, and the anchored head would no longer
 * be in the chain.
 *
 * How an outsider checks it (docs/anchoring.md):
 *   1. `npm run verify-audit` recomputes the chain and prints the hash of event `seq`;
 *   2. leaf = keccak256(UTF-8 "kilnmark-audit-head/1\n<seq>\n<hash>") — auditHeadLeaf() below;
 *   3. `npm run anchor -- --audit-proof <batch seq>` prints that leaf's proof and the batch root;
 *      processProof(proof, leaf) must equal the root anchored on chain.
 * The preimage is longer than 64 bytes, so the leaf can never be confused with an inner node.
 */
import { keccak256, toUtf8Bytes } from "ethers";
import type { Hex32 } from "./merkle";

const AUDIT_HEAD_PREFIX = "kilnmark-audit-head/1";

export function auditHeadLeaf(seq: number, hash: string): Hex32 {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`bad audit seq ${seq}`);
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new RangeError("audit hash must be 64 lowercase hex digits");
  return keccak256(toUtf8Bytes(`${AUDIT_HEAD_PREFIX}\n${seq}\n${hash}`));
}

/** A batch's leaves in tree order: sorted, so the tree is determined by the set of leaves alone. */
export function batchLeafOrder(leaves: readonly string[]): string[] {
  return [...new Set(leaves.map((l) => l.toLowerCase()))].sort();
}
