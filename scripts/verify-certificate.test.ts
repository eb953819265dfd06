/** The offline verifier as a user runs it: a child process, exit codes, printed reasons. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import artifact from "../contracts/Anchor.json";
import { startHardhatNode, type HardhatNode } from "../tests/setup/hardhat";
import { anchorRoot, deployAnchorContract } from "../app/domain/anchoring/anchor-client.server";
import {
  buildRegistrationRecord,
  certificateFile,
  certificateLeaf,
  newTitleSalt,
  signCertificate,
  type CertificateFile,
} from "../app/domain/anchoring/certificate";
import { buildMerkleTree } from "../app/domain/anchoring/merkle";

const ROOT = path.resolve(__dirname, "..");
let node: HardhatNode;
let dir: string;
let file: CertificateFile;
const registry = new Wallet("0x" + "77".repeat(32));

function runCli(args: string[]) {
  const r = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/verify-certificate.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

function write(name: string, content: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return p;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "kilnmark-verify-cli-"));
  node = await startHardhatNode();
  const { address } = await deployAnchorContract({ provider: node.provider, privateKey: node.privateKey(0), bytecode: artifact.bytecode });
  const signed = [];
  for (let i = 0; i < 3; i++) {
    const record = buildRegistrationRecord({
      registrationNumber: `JDZ-2026-00000${i}`,
      titleZh: "颜色釉茶盏",
      titleEn: "Colour-glaze tea bowl",
      ownerName: "李工作室",
      views: [{ kind: "front", sha256: "ab".repeat(32), pdq: "cd".repeat(32) }],
      registeredAt: 1_790_000_000 + i,
      registryAddress: registry.address,
      chainId: node.chainId,
    });
    signed.push(await signCertificate(registry, "registration", record));
  }
  const tree = buildMerkleTree(signed.map((s) => certificateLeaf(s.kind, s.record)));
  const res = await anchorRoot({
    provider: node.provider,
    privateKey: node.privateKey(0),
    contract: address,
    root: tree.root,
    count: 3,
    uri: "cli",
    pollIntervalMs: 25,
  });
  file = certificateFile(signed[1], {
    merkle: { batchSeq: 1, root: tree.root, proof: tree.proof(1) },
    anchor: { chainId: res.chainId, contract: res.contract, txHash: res.txHash, blockNumber: res.blockNumber },
  });
});
afterAll(async () => {
  await node?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm run verify-certificate", () => {
  it("exits 0 and prints the checks for a valid certificate (offline, then on chain)", () => {
    const p = write("good.json", file);
    const offline = runCli([p, "--address", registry.address]);
    expect(offline.code, offline.out).toBe(0);
    expect(offline.out).toContain("Registry signature");
    expect(offline.out).toContain("not checked on chain");
    const online = runCli([p, "--address", registry.address, "--rpc", node.url]);
    expect(online.code, online.out).toBe(0);
    expect(online.out).toContain(`by transaction ${file.anchor!.txHash}`);
    const zh = runCli([p, "--rpc", node.url, "--lang", "zh-CN"]);
    expect(zh.code).toBe(0);
    expect(zh.out).toContain("证书有效");
  });

  it("exits 1 with the reason for a tampered certificate, a wrong signer or a wrong anchor", () => {
    const tampered = JSON.parse(JSON.stringify(file)) as CertificateFile;
    tampered.record.registrationNumber = "JDZ-2026-999999";
    let r = runCli([write("tampered.json", tampered)]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("NOT VALID: The signature does not match");

    r = runCli([write("good2.json", file), "--address", new Wallet("0x" + "78".repeat(32)).address]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("not by the registry key you expected");

    const wrongTx = JSON.parse(JSON.stringify(file)) as CertificateFile;
    wrongTx.anchor!.txHash = "0x" + "12".repeat(32);
    r = runCli([write("wrongtx.json", wrongTx), "--rpc", node.url]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("does not exist on chain");

    r = runCli([write("junk.json", "hello")]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("not readable JSON");
  });

  it("accepts both formats: a pinned format-1 file, and a format-2 owner's copy whose title it checks", async () => {
    const pinned = JSON.parse(readFileSync(path.join(ROOT, "app/domain/anchoring/__fixtures__/certificate-v1.json"), "utf8")) as {
      registration: { fileJson: string };
    };
    let r = runCli([write("v1.json", pinned.registration.fileJson)]);
    expect(r.code, r.out).toBe(0);

    const salt = newTitleSalt();
    const record = buildRegistrationRecord({
      registrationNumber: "JDZ-2026-000009",
      titleZh: "秘色瓷莲瓣碗",
      titleEn: "Celadon lotus bowl",
      titleSalt: salt,
      ownerName: "李工作室",
      views: [{ kind: "front", sha256: "ab".repeat(32), pdq: "cd".repeat(32) }],
      registeredAt: 1_790_000_000,
      registryAddress: registry.address,
      chainId: 0,
    });
    const owners = certificateFile(await signCertificate(registry, "registration", record), {
      titleOpening: { salt: salt as `0x${string}`, titleZh: "秘色瓷莲瓣碗", titleEn: "Celadon lotus bowl" },
    });
    r = runCli([write("v2-owner.json", owners), "--address", registry.address]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("“秘色瓷莲瓣碗” / “Celadon lotus bowl”");
    r = runCli([write("v2-false-title.json", { ...owners, titleOpening: { ...owners.titleOpening, titleZh: "青花碗" } })]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("do not open the certificate's title commitment");
  });

  it("exits 2 on usage errors and 1 on a missing file", () => {
    expect(runCli([]).code).toBe(2);
    expect(runCli(["a.json", "--bogus"]).code).toBe(2);
    expect(runCli([path.join(dir, "missing.json")]).code).toBe(1);
  });
});
