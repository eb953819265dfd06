/** `npm run anchor` as an operator runs it: a child process on the same database and a real chain. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import artifact from "../../contracts/Anchor.json";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { startHardhatNode, type HardhatNode } from "../setup/hardhat";
import { createCertifiedWork } from "../setup/factories-certificates";
import { deployAnchorContract, findAnchorEvent } from "~/domain/anchoring/anchor-client.server";
import { verifyMerkleProof } from "~/domain/anchoring/merkle";
import { auditHeadLeaf } from "~/domain/anchoring/audit-head-leaf";

const ROOT = path.resolve(__dirname, "../..");
let t: TestDb;
let node: HardhatNode;
let contract: string;

function run(args: string[], chain: boolean) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: t.url,
    DATA_DIR: t.dataDir,
    ANCHOR_RPC_URL: "",
    ANCHOR_PRIVATE_KEY: "",
    ANCHOR_CONTRACT: "",
    ANCHOR_CHAIN_ID: "",
  };
  if (chain)
    Object.assign(env, { ANCHOR_RPC_URL: node.url, ANCHOR_PRIVATE_KEY: node.privateKey(0), ANCHOR_CONTRACT: contract, ANCHOR_CHAIN_ID: String(node.chainId) });
  const r = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/anchor.ts", ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 90_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

beforeAll(async () => {
  node = await startHardhatNode();
  contract = (await deployAnchorContract({ provider: node.provider, privateKey: node.privateKey(0), bytecode: artifact.bytecode })).address;
  t = await createTestDb();
  const artisan = await createTestUser(t.db, "artisan");
  await createCertifiedWork(t.db, { ownerUserId: artisan.id });
  await createCertifiedWork(t.db, { ownerUserId: artisan.id });
}, 60_000);
afterAll(async () => {
  await t?.cleanup();
  await node?.stop();
});

describe("npm run anchor", () => {
  it("makes a batch; without a chain it stays pending, with one it is anchored and the audit head proof checks", async () => {
    let r = run([], false);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/made batch 1: 2 certificate\(s\) \+ audit head #\d+, 3 leaves/);
    expect(r.out).toContain("1 batch(es) stay pending");
    expect((await t.db.anchorBatch.findUniqueOrThrow({ where: { seq: 1 } })).status).toBe("pending");

    r = run([], true);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("no new certificates: no batch made");
    expect(r.out).toMatch(/batch 1 \(0x[0-9a-f]{64}\): anchored in block \d+, tx 0x[0-9a-f]{64}/);
    const b = await t.db.anchorBatch.findUniqueOrThrow({ where: { seq: 1 } });
    expect(b.status).toBe("anchored");
    expect((await findAnchorEvent({ provider: node.provider, contract, root: b.root }))?.txHash).toBe(b.txHash);

    r = run(["--audit-proof", "1"], false);
    expect(r.code, r.out).toBe(0);
    const proof = JSON.parse(r.out) as { root: string; auditSeq: number; auditHash: string; leaf: string; proof: string[] };
    expect(proof.root).toBe(b.root);
    expect(proof.auditHash).toBe(b.auditHeadHash);
    expect(verifyMerkleProof(proof.proof, b.root, auditHeadLeaf(proof.auditSeq, proof.auditHash))).toBe(true);

    expect(run(["--audit-proof", "9"], false).code).toBe(1);
  }, 180_000);
});
