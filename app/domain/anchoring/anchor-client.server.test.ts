/**
 * Against a real local EVM (hardhat node started by the test): deploy the committed artifact,
 * anchor batches of signed certificates, verify them on chain, and exercise the failure paths —
 * re-anchoring, flaky RPC, reverted transactions, and a process killed mid-anchoring.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Contract, JsonRpcProvider, keccak256, toUtf8Bytes, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import artifact from "../../../contracts/Anchor.json";
import { startHardhatNode, type HardhatNode } from "../../../tests/setup/hardhat";
import { anchorRoot, deployAnchorContract, findAnchorEvent, type AnchorState } from "./anchor-client.server";
import { ANCHOR_ABI, anchorInterface } from "./anchor-contract";
import { buildRegistrationRecord, certificateFile, certificateLeaf, signCertificate, type CertificateFile } from "./certificate";
import { buildMerkleTree } from "./merkle";
import { verifyCertificateFile } from "./verify-certificate";

const ROOT = path.resolve(__dirname, "../../..");
const fast = { retries: 4, baseDelayMs: 20, pollIntervalMs: 25, receiptTimeoutMs: 20_000 };
const randomRoot = (label: string) => keccak256(toUtf8Bytes(`${label}-${Math.random()}`));

let node: HardhatNode;
let contract: string;
let ownerKey: string;
let registry: Wallet;
let tmp: string;

beforeAll(async () => {
  node = await startHardhatNode();
  ownerKey = node.privateKey(0);
  registry = new Wallet(node.privateKey(5)); // signs certificates; never needs gas
  ({ address: contract } = await deployAnchorContract({ provider: node.provider, privateKey: ownerKey, bytecode: artifact.bytecode }));
  tmp = mkdtempSync(path.join(tmpdir(), "kilnmark-anchor-"));
});
afterAll(async () => {
  await node?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function signedBatch(batchSeq: number, size: number) {
  const signed = [];
  for (let i = 0; i < size; i++) {
    const record = buildRegistrationRecord({
      registrationNumber: `JDZ-2026-${batchSeq}${String(i).padStart(5, "0")}`,
      titleZh: `粉彩花鸟盘 ${batchSeq}-${i}`,
      titleEn: `Famille-rose bird-and-flower plate ${batchSeq}-${i}`,
      ownerName: "王师傅工作室",
      views: [{ kind: "front", sha256: keccak256(toUtf8Bytes(`img-${batchSeq}-${i}`)), pdq: keccak256(toUtf8Bytes(`pdq-${batchSeq}-${i}`)) }],
      registeredAt: 1_790_000_000 + batchSeq * 1000 + i,
      registryAddress: registry.address,
      chainId: node.chainId,
    });
    signed.push(await signCertificate(registry, "registration", record));
  }
  const tree = buildMerkleTree(signed.map((s) => certificateLeaf(s.kind, s.record)));
  return { signed, tree };
}

describe("anchoring on a local EVM", () => {
  const files: CertificateFile[][] = [];

  it("anchors three batches; every certificate verifies, on chain too", async () => {
    for (const [seq, size] of [
      [1, 1],
      [2, 7],
      [3, 33],
    ] as const) {
      const { signed, tree } = await signedBatch(seq, size);
      const states: AnchorState["state"][] = [];
      const res = await anchorRoot({
        ...fast,
        rpcUrl: node.url,
        privateKey: ownerKey,
        contract,
        root: tree.root,
        count: size,
        uri: `kilnmark:batch/${seq}`,
        onStateChange: (s) => void states.push(s.state),
      });
      expect(res.alreadyAnchored).toBe(false);
      expect(states).toEqual(["checking", "sending", "confirmed"]);
      const event = await findAnchorEvent({ provider: node.provider, contract, root: tree.root });
      expect(event).toMatchObject({ txHash: res.txHash, blockNumber: res.blockNumber, count: BigInt(size), uri: `kilnmark:batch/${seq}` });
      const anchor = { chainId: res.chainId, contract: res.contract, txHash: res.txHash, blockNumber: res.blockNumber };
      files.push(signed.map((s, i) => certificateFile(s, { merkle: { batchSeq: seq, root: tree.root, proof: tree.proof(i) }, anchor })));
    }
    for (const batch of files) {
      for (const f of batch) {
        const r = await verifyCertificateFile(JSON.stringify(f), { provider: node.provider, expectedAddress: registry.address });
        expect(r.checks.filter((c) => !c.ok)).toEqual([]);
        expect(r.checks.every((c) => !c.skipped)).toBe(true);
        expect(r.checks.every((c) => c.detail !== c.messageKey)).toBe(true); // every message exists
      }
    }
  });

  it("on-chain checks fail with their own reasons when the anchor is altered", async () => {
    const good = files[1][3];
    const otherBatch = files[2][0];
    const variants: [string, (f: CertificateFile) => void, string][] = [
      ["txHash unknown", (f) => (f.anchor!.txHash = keccak256(f.anchor!.txHash)), "anchorTxNotFound"],
      ["tx of another batch", (f) => (f.anchor!.txHash = otherBatch.anchor!.txHash), "anchorEventMissing"],
      ["another contract", (f) => (f.anchor!.contract = registry.address), "anchorEventMissing"],
      ["block number", (f) => (f.anchor!.blockNumber += 1), "anchorBlockMismatch"],
      ["chain id", (f) => (f.anchor!.chainId = 1), "recordChainMismatch"],
      ["proof from another batch", (f) => (f.merkle = otherBatch.merkle), "proofInvalid"],
    ];
    for (const [name, change, reason] of variants) {
      const t = JSON.parse(JSON.stringify(good)) as CertificateFile;
      change(t);
      const r = await verifyCertificateFile(t, { provider: node.provider });
      expect(r.reason, name).toBe(`certificates.verify.error.${reason}`);
    }
    // A chain that is not the one of the anchor.
    const wrongChain = { getNetwork: async () => ({ chainId: 5n }), getTransactionReceipt: node.provider.getTransactionReceipt.bind(node.provider) };
    expect((await verifyCertificateFile(good, { provider: wrongChain })).reason).toBe("certificates.verify.error.anchorChainMismatch");
    // An RPC that does not answer.
    const dead = new JsonRpcProvider("http://127.0.0.1:1", node.chainId, { staticNetwork: true });
    expect((await verifyCertificateFile(good, { provider: dead })).reason).toBe("certificates.verify.error.chainUnreachable");
    dead.destroy();
  });

  it("anchoring the same root again sends nothing and returns the original transaction", async () => {
    const root = files[1][0].merkle!.root;
    const nonceBefore = await node.provider.getTransactionCount(new Wallet(ownerKey).address);
    const states: string[] = [];
    const res = await anchorRoot({
      ...fast,
      provider: node.provider,
      privateKey: ownerKey,
      contract,
      root,
      count: 7,
      uri: "again",
      onStateChange: (s) => void states.push(s.state),
    });
    expect(res).toMatchObject({ alreadyAnchored: true, txHash: files[1][0].anchor!.txHash, blockNumber: files[1][0].anchor!.blockNumber });
    expect(states).toEqual(["checking", "already-anchored"]);
    expect(await node.provider.getTransactionCount(new Wallet(ownerKey).address)).toBe(nonceBefore);
    // The contract itself refuses a second anchor of that root.
    const c = new Contract(contract, ANCHOR_ABI, node.wallet(0));
    await expect(c.anchor(root, 7, "again")).rejects.toMatchObject({ code: "CALL_EXCEPTION" });
  });

  it("a refused transaction never reports success (not the owner: at estimation, and when mined)", async () => {
    const strangerKey = node.privateKey(3);
    const states: string[] = [];
    const base = {
      ...fast,
      provider: node.provider,
      privateKey: strangerKey,
      contract,
      count: 1,
      uri: "x",
      onStateChange: (s: AnchorState) => void states.push(s.state),
    };
    await expect(anchorRoot({ ...base, root: randomRoot("stranger") })).rejects.toMatchObject({ messageKey: "certificates.anchor.error.reverted" });
    expect(states).toEqual(["checking", "failed"]);
    states.length = 0;
    const root = randomRoot("stranger-mined");
    await expect(anchorRoot({ ...base, root, gasLimit: 200_000n })).rejects.toMatchObject({ messageKey: "certificates.anchor.error.reverted" });
    expect(states).toEqual(["checking", "sending", "failed"]);
    expect(await findAnchorEvent({ provider: node.provider, contract, root })).toBeNull();
  });

  it("retries a flaky RPC with back-off, without sending the transaction twice", async () => {
    // Fails the first calls outright, and drops the answer to the first broadcast after the node
    // has received it — the case where a naive retry would anchor twice.
    let failFirst = 3;
    let dropFirstSendAnswer = true;
    let sendRawCalls = 0;
    const proxy = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString();
      if (failFirst > 0) {
        failFirst--;
        res.statusCode = 502;
        return res.end("bad gateway");
      }
      const upstream = await fetch(node.url, { method: "POST", headers: { "content-type": "application/json" }, body });
      const text = await upstream.text();
      if (body.includes("eth_sendRawTransaction")) {
        sendRawCalls++;
        if (dropFirstSendAnswer) {
          dropFirstSendAnswer = false;
          res.statusCode = 502;
          return res.end("bad gateway");
        }
      }
      res.setHeader("content-type", "application/json");
      res.end(text);
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", () => r()));
    const port = (proxy.address() as { port: number }).port;
    try {
      const owner = new Wallet(ownerKey).address;
      const nonceBefore = await node.provider.getTransactionCount(owner);
      const root = randomRoot("flaky");
      const res = await anchorRoot({ ...fast, rpcUrl: `http://127.0.0.1:${port}`, privateKey: ownerKey, contract, root, count: 2, uri: "flaky" });
      expect(res.alreadyAnchored).toBe(false);
      expect(sendRawCalls).toBeGreaterThanOrEqual(2); // it did retry the broadcast
      expect(await node.provider.getTransactionCount(owner)).toBe(nonceBefore + 1); // one transaction only
      expect((await findAnchorEvent({ provider: node.provider, contract, root }))?.txHash).toBe(res.txHash);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });

  it("gives up on an unreachable RPC with a DomainError after its retries", async () => {
    await expect(
      anchorRoot({ ...fast, retries: 2, rpcUrl: "http://127.0.0.1:1", privateKey: ownerKey, contract, root: randomRoot("dead"), count: 1, uri: "x" }),
    ).rejects.toMatchObject({ messageKey: "certificates.anchor.error.unreachable", params: { attempts: 3 } });
  });

  it("resumes after dying between persisting 'sending' and broadcasting (re-broadcasts the same tx)", async () => {
    const root = randomRoot("died-before-broadcast");
    let persisted: { txHash: string; rawTransaction: string } | null = null;
    await expect(
      anchorRoot({
        ...fast,
        provider: node.provider,
        privateKey: ownerKey,
        contract,
        root,
        count: 3,
        uri: "r",
        onStateChange: (s) => {
          if (s.state === "sending") {
            persisted = { txHash: s.txHash, rawTransaction: s.rawTransaction };
            throw new Error("process died");
          }
        },
      }),
    ).rejects.toThrow("process died");
    expect(persisted).not.toBeNull();
    expect(await node.provider.getTransaction(persisted!.txHash)).toBeNull(); // really never sent
    const res = await anchorRoot({ ...fast, provider: node.provider, privateKey: ownerKey, contract, root, count: 3, uri: "r", resume: persisted });
    expect(res).toMatchObject({ txHash: persisted!.txHash, alreadyAnchored: false });
  });

  it("resumes after the process is killed while waiting for the receipt (the same tx, sent once)", async () => {
    const root = randomRoot("killed");
    const owner = new Wallet(ownerKey).address;
    const nonceBefore = await node.provider.getTransactionCount(owner);
    await node.setAutomine(false); // the tx stays pending: the child is certainly waiting for its receipt
    const child = path.join(tmp, "anchor-child.mts");
    writeFileSync(
      child,
      `import { anchorRoot } from ${JSON.stringify(path.join(ROOT, "app/domain/anchoring/anchor-client.server.ts"))};
await anchorRoot({ rpcUrl: process.argv[2], privateKey: process.argv[3], contract: process.argv[4], root: process.argv[5],
  count: 5, uri: "killed", pollIntervalMs: 50,
  onStateChange: (s) => { if (s.state === "sending") console.log(JSON.stringify(s)); } });
console.log("FINISHED");
`,
    );
    const proc = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [child, node.url, ownerKey, contract, root], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    proc.stderr.on("data", (d) => (err += d));
    const sending = await new Promise<{ txHash: string; rawTransaction: string }>((resolve, reject) => {
      proc.stdout.on("data", async (d) => {
        out += d;
        const line = out.split("\n").find((l) => l.startsWith("{"));
        if (!line) return;
        const s = JSON.parse(line) as { txHash: string; rawTransaction: string };
        // wait until the node has it (broadcast happens right after "sending" is reported)
        for (let i = 0; i < 200 && !(await node.provider.getTransaction(s.txHash)); i++) await new Promise((r) => setTimeout(r, 25));
        resolve(s);
      });
      proc.on("exit", (code) => reject(new Error(`child exited early (${code}): ${out}\n${err}`)));
    });
    proc.kill("SIGKILL");
    await new Promise((r) => proc.once("exit", r));
    expect(out).not.toContain("FINISHED");
    expect(await node.provider.getTransactionReceipt(sending.txHash)).toBeNull(); // still pending

    // The restarted process resumes from what was persisted; the block is mined meanwhile.
    const resumed = anchorRoot({ ...fast, provider: node.provider, privateKey: ownerKey, contract, root, count: 5, uri: "killed", resume: sending });
    setTimeout(() => void node.mine(), 300);
    const res = await resumed;
    await node.setAutomine(true);
    expect(res).toMatchObject({ txHash: sending.txHash, alreadyAnchored: false });
    expect(await node.provider.getTransactionCount(owner)).toBe(nonceBefore + 1);

    // A restart that lost what it persisted still finds the anchor through the contract.
    const again = await anchorRoot({ ...fast, provider: node.provider, privateKey: ownerKey, contract, root, count: 5, uri: "killed" });
    expect(again).toMatchObject({ txHash: sending.txHash, alreadyAnchored: true });
  });

  it("the hand-written ABI matches the compiled artifact", () => {
    const fromArtifact = new Contract(contract, artifact.abi).interface.format().sort();
    expect(anchorInterface.format().sort()).toEqual(fromArtifact);
  });
});
