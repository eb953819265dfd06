/**
 * npm run bench:merkle [-- --leaves 100000] [--keccak js|wasm]
 * Builds a tree over N certificate-like leaves, derives every proof, verifies one; prints time and
 * memory. `--keccak js` hashes with ethers' pure-JS keccak256 (the implementation before hash-wasm)
 * for a comparison on the same machine and load. Results are recorded in docs/benchmarks.md ("Merkle").
 *
 * Leaves: leaf i = keccak256(uint256 i), the 32-byte words written into one array and hashed by
 * keccak256Words (as a batch of certificate digests would be); the tree is built from those bytes.
 * `treeFromHexMs` times the same tree built from the leaves as hex strings, the way a batch reads
 * them from the database (makeAnchorBatch), so that path is measured too.
 * The floor, measured in the same run: the 2n − 1 keccak256 calls any such tree needs (n leaves,
 * n − 1 inner nodes) over 64-byte inputs in a bare loop, each returning its 32-byte digest;
 * `ratio` = (leaves + tree) / floor. Proof checks are timed over 1,000 proofs (median).
 * The last line is JSON.
 */
import {
  buildMerkleTree,
  keccak256Digest,
  keccak256Words,
  keccakBackend,
  merkleReady,
  setKeccakBackendForTests,
  verifyMerkleProof,
  writeUint256,
} from "../../app/domain/anchoring/merkle";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const n = Number(arg("--leaves") ?? 100_000);
const wanted = arg("--keccak") ?? "wasm";
if (wanted !== "js" && wanted !== "wasm") throw new Error("--keccak must be js or wasm");
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);

await merkleReady;
setKeccakBackendForTests(wanted === "js" ? "js" : "auto");
if (keccakBackend() !== wanted) throw new Error(`keccak backend is ${keccakBackend()}, wanted ${wanted}`);

const t0 = performance.now();
const words = new Uint8Array(32 * n);
for (let i = 0; i < n; i++) writeUint256(words, 32 * i, i);
const leafBytes = keccak256Words(words);
const t1 = performance.now();
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const tree = buildMerkleTree(leafBytes);
const t2 = performance.now();
const proofs = tree.allProofs();
const t3a = performance.now();
// The leaves as hex strings (as a batch stores them), for the checks and the hex-input tree.
const leaves = Array.from({ length: n }, (_, i) => tree.leaf(i));
const t3 = performance.now();
const i = Math.floor(n / 3);
const ok = verifyMerkleProof(proofs[i], tree.root, leaves[i]);
const t4 = performance.now();
const mem = process.memoryUsage();
const verifyMs: number[] = [];
let allOk = ok;
for (let k = 0; k < 1000; k++) {
  const j = Math.floor((k * n) / 1000);
  const tv = performance.now();
  allOk = verifyMerkleProof(proofs[j], tree.root, leaves[j]) && allOk;
  verifyMs.push(performance.now() - tv);
}
verifyMs.sort((a, b) => a - b);
const th = performance.now();
const fromHex = buildMerkleTree(leaves);
const treeFromHexMs = performance.now() - th;
if (fromHex.root !== tree.root) throw new Error("the tree from hex leaves has another root");
const block = new Uint8Array(64);
const tf = performance.now();
for (let k = 0; k < 2 * n - 1; k++) {
  block[0] = k & 255;
  block[1] = (k >> 8) & 255;
  keccak256Digest(block);
}
const floorMs = performance.now() - tf;

const rows = [
  ["leaves", String(n)],
  ["keccak", keccakBackend()],
  ["make leaves (keccak256)", `${(t1 - t0).toFixed(0)} ms`],
  ["build tree", `${(t2 - t1).toFixed(0)} ms`],
  ["all proofs", `${(t3a - t2).toFixed(0)} ms (depth ${proofs[i].length})`],
  ["verify one proof", `${(t4 - t3).toFixed(3)} ms -> ${ok}`],
  ["root", tree.root],
  ["heap growth (tree + proofs)", `${mb(mem.heapUsed - heapBefore)} MiB`],
  ["rss", `${mb(mem.rss)} MiB`],
  ["node", process.version],
];
rows.push(
  ["verify a proof (median of 1,000)", `${verifyMs[500].toFixed(4)} ms`],
  ["tree from hex leaves", `${treeFromHexMs.toFixed(0)} ms`],
  ["floor: 2n−1 bare keccak256", `${floorMs.toFixed(0)} ms`],
);
for (const [k, v] of rows) console.log(`${k.padEnd(28)} ${v}`);
const r = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
console.log(
  JSON.stringify({
    leaves: n,
    keccak: keccakBackend(),
    leavesMs: r(t1 - t0),
    treeMs: r(t2 - t1),
    leavesPlusTreeMs: r(t2 - t0),
    allProofsMs: r(t3a - t2),
    treeFromHexMs: r(treeFromHexMs),
    verifyMedianMs: r(verifyMs[500], 4),
    floorMs: r(floorMs),
    ratio: r((t2 - t0) / floorMs, 2),
    heapMiB: r((mem.heapUsed - heapBefore) / 1048576),
    rssMiB: r(mem.rss / 1048576),
    ok: allOk,
  }),
);
if (!allOk) process.exit(1);
