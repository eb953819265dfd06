import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import { Contract, ContractFactory, hexlify, keccak256, randomBytes, toUtf8Bytes } from "ethers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import artifact from "../../../contracts/Anchor.json";
import { startHardhatNode, type HardhatNode } from "../../../tests/setup/hardhat";
import { buildMerkleTree, hashPair, processProof, verifyMerkleProof } from "./merkle";

const leafOf = (i: number) => keccak256(toUtf8Bytes(`leaf-${i}`));
const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafOf(i));

describe("merkle (pure)", () => {
  it("hashPair is commutative and is keccak256 of the sorted concatenation", () => {
    const a = leafOf(1);
    const b = leafOf(2);
    expect(hashPair(a, b)).toBe(hashPair(b, a));
    const [lo, hi] = [a, b].sort();
    expect(hashPair(a, b)).toBe(keccak256("0x" + lo.slice(2) + hi.slice(2)));
  });

  it("gives the same root and proofs as OpenZeppelin's SimpleMerkleTree (unsorted leaves) for 1..70 leaves", () => {
    for (let n = 1; n <= 70; n++) {
      const ls = leaves(n);
      const ours = buildMerkleTree(ls);
      const oz = SimpleMerkleTree.of(ls, { sortLeaves: false });
      expect(ours.root).toBe(oz.root);
      const proofs = ours.allProofs();
      for (let i = 0; i < n; i++) {
        expect(proofs[i]).toEqual(oz.getProof(i));
        expect(SimpleMerkleTree.verify(oz.root, ls[i], proofs[i])).toBe(true);
        expect(verifyMerkleProof(proofs[i], ours.root, ls[i])).toBe(true);
      }
    }
  });

  it("a single leaf is its own root with an empty proof", () => {
    const t = buildMerkleTree([leafOf(7)]);
    expect(t.root).toBe(leafOf(7));
    expect(t.proof(0)).toEqual([]);
  });

  it("refuses empty input and non-hash leaves", () => {
    expect(() => buildMerkleTree([])).toThrow();
    expect(() => buildMerkleTree(["0x1234"])).toThrow();
  });

  it("property: every proof verifies; a tampered proof, another leaf or another root does not", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.nat(), fc.nat(), (n, a, b) => {
        const ls = Array.from({ length: n }, () => hexlify(randomBytes(32)));
        const t = buildMerkleTree(ls);
        const i = a % n;
        const proof = t.proof(i);
        expect(verifyMerkleProof(proof, t.root, ls[i])).toBe(true);
        expect(processProof(proof, ls[i])).toBe(t.root);
        const j = (i + 1 + (b % (n - 1))) % n; // a different leaf
        expect(verifyMerkleProof(proof, t.root, ls[j])).toBe(ls[j] === ls[i]);
        const tampered = [...proof];
        const k = b % tampered.length;
        tampered[k] = "0x" + (tampered[k][2] === "0" ? "1" : "0") + tampered[k].slice(3);
        expect(verifyMerkleProof(tampered, t.root, ls[i])).toBe(false);
        expect(verifyMerkleProof(proof.slice(0, -1), t.root, ls[i])).toBe(false);
        expect(verifyMerkleProof(proof, hexlify(randomBytes(32)), ls[i])).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it("verify is false (not a throw) for malformed input", () => {
    expect(verifyMerkleProof(["nope"], leafOf(1), leafOf(2))).toBe(false);
    expect(verifyMerkleProof([], "0x12", leafOf(2))).toBe(false);
    expect(verifyMerkleProof(null as unknown as string[], leafOf(1), leafOf(1))).toBe(false);
  });
});

describe("merkle against OpenZeppelin MerkleProof.sol on a real EVM (hardhat)", () => {
  let node: HardhatNode;
  let anchor: Contract;

  beforeAll(async () => {
    node = await startHardhatNode();
    const factory = new ContractFactory(artifact.abi, artifact.bytecode, node.wallet(0));
    const deployed = await factory.deploy();
    await deployed.waitForDeployment();
    anchor = new Contract(await deployed.getAddress(), artifact.abi, node.provider);
  });
  afterAll(async () => {
    await node?.stop();
  });

  it("every proof of trees of several sizes verifies on chain; wrong ones do not", async () => {
    for (const n of [1, 2, 3, 5, 8, 13, 100]) {
      const ls = leaves(n).map((l) => keccak256(l + n.toString(16).padStart(2, "0")));
      const t = buildMerkleTree(ls);
      for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 10))) {
        expect(await anchor.verifyProof(t.proof(i), t.root, ls[i])).toBe(true);
        expect(await anchor.verifyProof(t.proof(i), t.root, leafOf(9999))).toBe(false);
      }
    }
  });
});
