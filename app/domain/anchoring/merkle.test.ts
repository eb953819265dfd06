import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import { AbiCoder, Contract, ContractFactory, getBytes, hexlify, keccak256, randomBytes, solidityPackedKeccak256, toBeHex, toUtf8Bytes } from "ethers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import artifact from "../../../contracts/Anchor.json";
import { startHardhatNode, type HardhatNode } from "../../../tests/setup/hardhat";
import {
  buildMerkleTree,
  hashPair,
  keccak256Bytes,
  keccak256Digest,
  keccak256Words,
  keccakBackend,
  merkleReady,
  processProof,
  setKeccakBackendForTests,
  verifyMerkleProof,
  writeUint256,
} from "./merkle";

const leafOf = (i: number) => keccak256(toUtf8Bytes(`leaf-${i}`));
const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafOf(i));

/**
 * Roots and proofs computed on 2026-11-30 with the ethers-only implementation (before keccak moved
 * to WebAssembly), for leaves keccak256("leaf-<i>"). Both backends must reproduce them exactly:
 * certificates already issued carry these proofs and anchored roots.
 */
const PINNED = {
  pair: "0x1e3abe3bf6ef6cdb58f52a9bec88137c7eb960777c29750049b21975db654128",
  roots: {
    "1": "0xda88faf89b518eb4774583fa174f46d7714a1097c24c6bd5357a594d62eec21e",
    "2": "0xc49a4441f36dd72ae434f26396128198089e2dcca7d118c9fd98aeb9ba8b11cf",
    "3": "0x7445bc5af2af3c0cdd075e92503a6e237cd612dc2c004ff9d7bc78f8a53468e2",
    "4": "0x2ce3397d89b7f69d8a5ccdc2da249e742b90970c7472177f54b04f3cc33c667d",
    "5": "0x879139e4edb827724047a182b0bbb29c9a370faf1e574f0aed2b61b37b981d84",
    "7": "0x71f72d050158db2519fe07bf6ede7dfad357b69fdb8016a4c281d8d2775eeb67",
    "8": "0x940ad8a50a83d63b2b51cd1d0308b1ff08c61af917333c144c321183055c0484",
    "13": "0x5e7044559b95ccf59d6beb45388df09dff012ebee48041af7da8f0707281d295",
    "70": "0x96199f57daee5b2c7ddf819c131b81378db7ffcd063c8ff451e6c0ee0807a0a1",
    "1000": "0x666cca38d3cc5a64face1b170e037130ab942f53bf08167770c65bc3f65b596b",
  },
  proofs13: {
    "0": [
      "0x350bb3dca2efdb96db44fe0ad0417cf25bfe6be8ef4c46499b2585bd7001b9f2",
      "0xe264f9f76314dd301aacf4b259a3369d1bc1ac9e657765e7aa6269589a225e4b",
      "0x1512ab439f692f96f8a5dfbd608a04623c14cdf485e33e9fcd49c6c301335276",
      "0x71a3d6fde5be3fa6a7097cc4bbd8de87861c93230503047467af92576c23b02a",
    ],
    "6": [
      "0xe2e33f6b2bbd1e851dc72c40f96add4ec38be2fed2e7871d5db01a13544f3de2",
      "0x664ec6d094526b622e01747f2830454b4bc3750bdf17be49a66d958a126d5676",
      "0x061ee8fcd2d4cd0ce5c5ef91703829af71d0f71a28e0c1a244bd780e3cba093a",
      "0xbc553c10bf0f16a7cda9e6f4efe225b461bada7e7cd0b0671b54bc01d17130bb",
    ],
    "12": [
      "0xc49a4441f36dd72ae434f26396128198089e2dcca7d118c9fd98aeb9ba8b11cf",
      "0x1512ab439f692f96f8a5dfbd608a04623c14cdf485e33e9fcd49c6c301335276",
      "0x71a3d6fde5be3fa6a7097cc4bbd8de87861c93230503047467af92576c23b02a",
    ],
  },
  proofs70: {
    "33": [
      "0xa8cbef0ebf69b4674bec805591e428cf038f94cf91989e0f81a4ace86480c241",
      "0x92b88e8ed2d8beaa371369362f3858eea4ab8455f97d042589b892546afea0ab",
      "0x65979345317810792e91d93a47fceefd99b139520d5f64c2e932542ebcd5fd38",
      "0xa95d6bafe9a7c0e9bbc96c08846d9a77b43adbc861cd636470c4076a41941f98",
      "0x6fd1114bbff072a3fce81cefeb3a20bbe4a6bc5a7afab62cd00882fdb66d3530",
      "0xa42bd1f1b8038d1a81578d8a82fc61c40e9d3e851175cc94e4661bde47707efe",
    ],
    "69": [
      "0x0001137a2c43b8e1726a92652132ec4c882d558ae6f8214ce640bd7f47fc79c2",
      "0x2ce3397d89b7f69d8a5ccdc2da249e742b90970c7472177f54b04f3cc33c667d",
      "0xbec92226422e06b3f056433275c7b6b4b9d9df0befa2526ee477eac40eb85e13",
      "0x0a45a51b42f9a05abbe19e2ca6375866be39272be03f592a6656398045da078a",
      "0x1a35d8524f305597bb878763837c2174880a9b623ca6309726666b522fc30063",
      "0xc49bead0e650ad51d76c3e932c2f525a0b9cd73674c7da9e81362a7100f7cf47",
    ],
  },
} as const;

beforeAll(() => merkleReady);

describe.each(["wasm", "js"] as const)("merkle pinned vectors (%s keccak)", (backend) => {
  beforeAll(() => setKeccakBackendForTests(backend === "js" ? "js" : "auto"));
  afterAll(() => setKeccakBackendForTests("auto"));

  it("hashes with the backend under test", () => expect(keccakBackend()).toBe(backend));

  it("reproduces the pinned pair hash, roots and proofs", () => {
    expect(hashPair(leafOf(1), leafOf(2))).toBe(PINNED.pair);
    for (const [n, root] of Object.entries(PINNED.roots)) expect(buildMerkleTree(leaves(Number(n))).root, `n=${n}`).toBe(root);
    const t13 = buildMerkleTree(leaves(13));
    for (const [i, proof] of Object.entries(PINNED.proofs13)) {
      expect(t13.proof(Number(i))).toEqual(proof);
      expect(verifyMerkleProof(proof, PINNED.roots[13], leafOf(Number(i)))).toBe(true);
    }
    const t70 = buildMerkleTree(leaves(70));
    for (const [i, proof] of Object.entries(PINNED.proofs70)) {
      expect(t70.proof(Number(i))).toEqual(proof);
      expect(verifyMerkleProof(proof, PINNED.roots[70], leafOf(Number(i)))).toBe(true);
    }
  });

  it("keccak256Bytes equals ethers' keccak256 for inputs of every length up to two blocks", () => {
    for (let len = 0; len <= 300; len++) {
      const data = randomBytes(len);
      expect(keccak256Bytes(data)).toBe(keccak256(data));
    }
  });

  it("keccak256Digest is the bytes of ethers' keccak256", () => {
    for (let len = 0; len <= 140; len += 7) {
      const data = randomBytes(len);
      expect(hexlify(keccak256Digest(data))).toBe(keccak256(data));
    }
  });

  it("property: keccak256Words hashes each 32-byte word like ethers' keccak256 of that word", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 0, maxLength: 20 }), (ws) => {
        const words = new Uint8Array(32 * ws.length);
        ws.forEach((w, i) => words.set(w, 32 * i));
        const out = keccak256Words(words);
        expect(out.length).toBe(words.length);
        ws.forEach((w, i) => expect(hexlify(out.subarray(32 * i, 32 * i + 32))).toBe(keccak256(w)));
      }),
      { numRuns: 200 },
    );
  });

  it("property: a tree built from leaf bytes equals the tree built from the same leaves as hex", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 150 }), fc.nat(), (n, a) => {
        const bytes = randomBytes(32 * n);
        const hex = Array.from({ length: n }, (_, i) => hexlify(bytes.subarray(32 * i, 32 * i + 32)));
        const fromBytes = buildMerkleTree(bytes);
        const fromHex = buildMerkleTree(hex);
        expect(fromBytes.root).toBe(fromHex.root);
        expect(fromBytes.nodes).toEqual(fromHex.nodes);
        expect(hexlify(fromBytes.nodeBytes)).toBe(hexlify(fromHex.nodeBytes));
        const i = a % n;
        expect(fromBytes.leaf(i)).toBe(hex[i]);
        expect(fromBytes.proof(i)).toEqual(fromHex.proof(i));
      }),
      { numRuns: 100 },
    );
  });

  it("reproduces the pinned roots from leaf bytes too", () => {
    for (const [n, root] of Object.entries(PINNED.roots)) {
      const bytes = new Uint8Array(32 * Number(n));
      leaves(Number(n)).forEach((l, i) => bytes.set(getBytes(l), 32 * i));
      expect(buildMerkleTree(bytes).root, `n=${n}`).toBe(root);
    }
  });

  it("hashPair reads upper-case hex digits like ethers does", () => {
    const [a, b] = [leafOf(3), leafOf(4)];
    const up = (h: string) => "0x" + h.slice(2).toUpperCase();
    const [lo, hi] = [a, b].sort();
    expect(hashPair(up(lo), up(hi))).toBe(keccak256("0x" + lo.slice(2) + hi.slice(2)));
  });

  it("property: hashPair equals ethers' keccak256 of the sorted concatenation", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (x, y) => {
        const [a, b] = [hexlify(x), hexlify(y)];
        const [lo, hi] = [a, b].sort();
        expect(hashPair(a, b)).toBe(keccak256("0x" + lo.slice(2) + hi.slice(2)));
      }),
      { numRuns: 500 },
    );
  });
});

describe("uint256 leaf words (the fast leaf encoding)", () => {
  const abi = AbiCoder.defaultAbiCoder();
  const uint256 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
  const word = (v: number | bigint) => {
    const out = new Uint8Array(32);
    writeUint256(out, 0, v);
    return out;
  };

  it("property: writeUint256 is abi.encode(uint256) and ethers' getBytes(toBeHex(v, 32))", () => {
    fc.assert(
      fc.property(fc.oneof(uint256, fc.bigInt({ min: 0n, max: 1n << 64n })), (v) => {
        const w = word(v);
        expect(hexlify(w)).toBe(abi.encode(["uint256"], [v]));
        expect(w).toEqual(getBytes(toBeHex(v, 32)));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.maxSafeNat(), (v) => {
        expect(hexlify(word(v))).toBe(abi.encode(["uint256"], [v]));
        expect(hexlify(word(v))).toBe(hexlify(word(BigInt(v))));
      }),
      { numRuns: 1000 },
    );
    for (const v of [0, 1, 255, 256, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 0n, (1n << 256n) - 1n])
      expect(hexlify(word(v)), String(v)).toBe(abi.encode(["uint256"], [v]));
  });

  it("property: keccak256Words over written words is solidityPackedKeccak256(uint256) — the bench's leaves", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(uint256, fc.maxSafeNat()), { minLength: 1, maxLength: 30 }), fc.nat(), (vs, offset) => {
        // Written at an offset inside a larger array, as the bench fills one preallocated array.
        const pad = offset % 5;
        const buf = new Uint8Array(32 * (vs.length + pad));
        vs.forEach((v, i) => writeUint256(buf, 32 * (i + pad), v));
        const out = keccak256Words(buf.subarray(32 * pad));
        vs.forEach((v, i) => {
          const expected = solidityPackedKeccak256(["uint256"], [v]);
          expect(hexlify(out.subarray(32 * i, 32 * i + 32))).toBe(expected);
          expect(expected).toBe(keccak256(getBytes(toBeHex(v, 32))));
        });
      }),
      { numRuns: 300 },
    );
  });

  it("writes only its own 32 bytes, overwriting what was there", () => {
    const buf = new Uint8Array(96).fill(0xaa);
    writeUint256(buf, 32, 0x0102);
    expect(buf.subarray(0, 32).every((b) => b === 0xaa)).toBe(true);
    expect(buf.subarray(64).every((b) => b === 0xaa)).toBe(true);
    expect(hexlify(buf.subarray(32, 64))).toBe(toBeHex(0x0102, 32));
  });

  it("refuses what is not a uint256, and words of the wrong length", () => {
    const buf = new Uint8Array(32);
    for (const v of [-1, 1.5, Number.NaN, 2 ** 53, -1n, 1n << 256n]) expect(() => writeUint256(buf, 0, v), String(v)).toThrow(RangeError);
    expect(() => keccak256Words(new Uint8Array(33))).toThrow(RangeError);
    expect(() => buildMerkleTree(new Uint8Array(31))).toThrow(RangeError);
    expect(() => buildMerkleTree(new Uint8Array(0))).toThrow(RangeError);
  });
});

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

  it("lays out its nodes exactly like OpenZeppelin's SimpleMerkleTree (dump)", () => {
    for (const n of [1, 2, 3, 6, 17, 64]) {
      const ls = leaves(n);
      expect(buildMerkleTree(ls).nodes).toEqual(SimpleMerkleTree.of(ls, { sortLeaves: false }).dump().tree);
    }
  });

  it("reads upper-case leaves and proofs as their lower-case values, and refuses non-hex digits", () => {
    const ls = leaves(9);
    const up = ls.map((l) => "0X" + l.slice(2).toUpperCase());
    const t = buildMerkleTree(ls);
    expect(buildMerkleTree(up).root).toBe(t.root);
    expect(buildMerkleTree(up).leaf(4)).toBe(ls[4]);
    expect(
      processProof(
        t.proof(4).map((p) => p.toUpperCase().replace("0X", "0x")),
        up[4],
      ),
    ).toBe(t.root);
    expect(() => buildMerkleTree(["0x" + "g".repeat(64)])).toThrow(TypeError);
    expect(() => buildMerkleTree([ls[0].slice(0, 65) + " "])).toThrow(TypeError);
    expect(verifyMerkleProof([ls[1].slice(0, 65) + "z"], t.root, ls[0])).toBe(false);
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
