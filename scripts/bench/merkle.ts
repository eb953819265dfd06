/**
 * npm run bench:merkle [-- --leaves 100000] [--keccak js|wasm]
 * Builds a tree over N certificate-like leaves, derives every proof, verifies one; prints time and
 * memory. `--keccak js` hashes with ethers' pure-JS keccak256 (the implementation before hash-wasm)
 * for a comparison on the same machine and load. Results are recorded in docs/benchmarks.md ("Merkle").
 */
import { getBytes, toBeHex } from "ethers";
import { buildMerkleTree, keccak256Bytes, keccakBackend, merkleReady, setKeccakBackendForTests, verifyMerkleProof } from "../../app/domain/anchoring/merkle";

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
const leaves = Array.from({ length: n }, (_, i) => keccak256Bytes(getBytes(toBeHex(i, 32))));
const t1 = performance.now();
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const tree = buildMerkleTree(leaves);
const t2 = performance.now();
const proofs = tree.allProofs();
const t3 = performance.now();
const i = Math.floor(n / 3);
const ok = verifyMerkleProof(proofs[i], tree.root, leaves[i]);
const t4 = performance.now();
const mem = process.memoryUsage();

const rows = [
  ["leaves", String(n)],
  ["keccak", keccakBackend()],
  ["make leaves (keccak256)", `${(t1 - t0).toFixed(0)} ms`],
  ["build tree", `${(t2 - t1).toFixed(0)} ms`],
  ["all proofs", `${(t3 - t2).toFixed(0)} ms (depth ${proofs[i].length})`],
  ["verify one proof", `${(t4 - t3).toFixed(3)} ms -> ${ok}`],
  ["root", tree.root],
  ["heap growth (tree + proofs)", `${mb(mem.heapUsed - heapBefore)} MiB`],
  ["rss", `${mb(mem.rss)} MiB`],
  ["node", process.version],
];
for (const [k, v] of rows) console.log(`${k.padEnd(28)} ${v}`);
if (!ok) process.exit(1);
