import { keccak256, toUtf8Bytes } from "ethers";
import { describe, expect, it } from "vitest";
import { auditHeadLeaf, batchLeafOrder } from "./audit-head-leaf";
import { buildMerkleTree, verifyMerkleProof } from "./merkle";

describe("audit head leaf", () => {
  const hash = "ab".repeat(32);
  it("is keccak256 of the documented preimage", () => {
    expect(auditHeadLeaf(7, hash)).toBe(keccak256(toUtf8Bytes(`kilnmark-audit-head/1\n7\n${hash}`)));
  });
  it("differs per seq and per hash, and refuses malformed input", () => {
    expect(auditHeadLeaf(7, hash)).not.toBe(auditHeadLeaf(8, hash));
    expect(auditHeadLeaf(7, hash)).not.toBe(auditHeadLeaf(7, "cd".repeat(32)));
    expect(() => auditHeadLeaf(0, hash)).toThrow();
    expect(() => auditHeadLeaf(1, "AB".repeat(32))).toThrow();
  });
  it("orders leaves so the same set always gives the same root", () => {
    const leaves = [auditHeadLeaf(1, hash), keccak256("0x01"), keccak256("0x02")];
    const a = buildMerkleTree(batchLeafOrder(leaves));
    const b = buildMerkleTree(batchLeafOrder([...leaves].reverse()));
    expect(a.root).toBe(b.root);
    const order = batchLeafOrder(leaves);
    const i = order.indexOf(auditHeadLeaf(1, hash));
    expect(verifyMerkleProof(a.proof(i), a.root, auditHeadLeaf(1, hash))).toBe(true);
    expect(verifyMerkleProof(a.proof(i), a.root, auditHeadLeaf(2, hash))).toBe(false);
  });
});
