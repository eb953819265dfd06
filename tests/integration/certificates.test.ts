/**
 * Certificates and anchoring against a real local EVM node (hardhat): issue → batch → anchor,
 * three batches, proofs, the audit head leaf, a restart in the middle of sending, reverted
 * transactions, a root anchored by someone else, status and upload verification.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Contract, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import artifact from "../../contracts/Anchor.json";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { startHardhatNode, type HardhatNode } from "../setup/hardhat";
import { createCertifiedWork } from "../setup/factories-certificates";
import { completeProfile, createRegisteredWork, terms } from "../setup/factories-licensing";
import { resetEnvCache } from "~/utils/env.server";
import { deployAnchorContract, findAnchorEvent } from "~/domain/anchoring/anchor-client.server";
import { ANCHOR_ABI, anchorInterface } from "~/domain/anchoring/anchor-contract";
import { issueRegistrationCertificate } from "~/domain/anchoring/issue-certificates.server";
import { batchTree, makeAnchorBatch } from "~/domain/anchoring/make-anchor-batch.server";
import { anchorPendingBatches } from "~/domain/anchoring/anchor-pending-batches.server";
import { certificateFileOf, getRegistrationCertificate } from "~/domain/anchoring/get-certificate-file.server";
import { getOwnerCertificateFile } from "~/domain/anchoring/get-owner-certificate-file.server";
import { getCertificateStatus } from "~/domain/anchoring/get-certificate-status.server";
import { verifyUploadedCertificate } from "~/domain/anchoring/verify-uploaded-certificate.server";
import { verifyCertificateFile } from "~/domain/anchoring/verify-certificate";
import { getRegistryWallet, type AnchorConfig } from "~/domain/anchoring/anchoring-config.server";
import { auditHeadLeaf } from "~/domain/anchoring/audit-head-leaf";
import { verifyMerkleProof } from "~/domain/anchoring/merkle";
import type { CertificateFile } from "~/domain/anchoring/certificate";
import { createOffer } from "~/domain/licensing/create-offer.server";
import { requestDeal } from "~/domain/licensing/request-deal.server";
import { approveDeal } from "~/domain/licensing/approve-deal.server";
import { verifyAuditLog } from "~/domain/audit/verify-audit-log.server";

const ROOT = path.resolve(__dirname, "../..");
let t: TestDb;
let node: HardhatNode;
let config: AnchorConfig;
let artisan: Awaited<ReturnType<typeof createTestUser>>;
let officer: Awaited<ReturnType<typeof createTestUser>>;
let licensee: Awaited<ReturnType<typeof createTestUser>>;
let dir: string;
const ENV_KEYS = ["ANCHOR_RPC_URL", "ANCHOR_PRIVATE_KEY", "ANCHOR_CONTRACT", "ANCHOR_CHAIN_ID", "REGISTRY_PRIVATE_KEY"] as const;
const FAST = { pollIntervalMs: 25, baseDelayMs: 20, retries: 1 };

beforeAll(async () => {
  node = await startHardhatNode();
  const { address } = await deployAnchorContract({ provider: node.provider, privateKey: node.privateKey(0), bytecode: artifact.bytecode });
  config = { rpcUrl: node.url, privateKey: node.privateKey(0), contract: address, chainId: node.chainId };
  Object.assign(process.env, {
    ANCHOR_RPC_URL: node.url,
    ANCHOR_PRIVATE_KEY: node.privateKey(0),
    ANCHOR_CONTRACT: address,
    ANCHOR_CHAIN_ID: String(node.chainId),
  });
  delete process.env.REGISTRY_PRIVATE_KEY; // the key is generated into the test's DATA_DIR
  t = await createTestDb();
  artisan = await createTestUser(t.db, "artisan");
  officer = await createTestUser(t.db, "officer");
  licensee = await createTestUser(t.db, "licensee");
  dir = mkdtempSync(path.join(tmpdir(), "kilnmark-cert-it-"));
}, 60_000);
afterAll(async () => {
  await t?.cleanup();
  await node?.stop();
  for (const k of ENV_KEYS) delete process.env[k];
  resetEnvCache();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function fileOf(number: string): Promise<CertificateFile> {
  const row = await t.db.certificate.findUniqueOrThrow({ where: { number }, include: { batch: true } });
  return certificateFileOf(row);
}

async function anchoredEvents(root: string) {
  await new Promise((r) => setTimeout(r, 300)); // past ethers' 250 ms cache of identical requests
  const c = new Contract(config.contract, ANCHOR_ABI, node.provider);
  return c.queryFilter(c.filters.Anchored(root), 0, "latest");
}

describe("issuing certificates", () => {
  it("signs the registration record with the registry key, stores it once, and records an audit event", async () => {
    const { work, cert } = await createCertifiedWork(t.db, { ownerUserId: artisan.id, title: "青花缠枝莲纹瓶" });
    expect(cert.created).toBe(true);
    const again = await t.db.$transaction((tx) => issueRegistrationCertificate({ tx, workId: work.id }));
    expect(again).toMatchObject({ id: cert.id, created: false });
    expect(await t.db.certificate.count({ where: { number: work.registrationNumber! } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { action: "certificate.issued", entityId: cert.id } })).toBe(1);

    const file = await fileOf(work.registrationNumber!);
    expect(file.signer).toBe(getRegistryWallet().address);
    expect(file.record).toMatchObject({ registrationNumber: work.registrationNumber, chainId: node.chainId, registryAddress: getRegistryWallet().address });
    expect((file.record as { views: unknown[] }).views).toHaveLength(2);
    expect(Object.keys(file.record)[0]).toBe("registrationNumber"); // fields in the types' order
    const result = await verifyCertificateFile(file, { expectedAddress: getRegistryWallet().address });
    expect(result.ok, JSON.stringify(result.checks)).toBe(true);
    expect(file.merkle).toBeNull();
  });

  it("puts only hashes of a sealed work in its certificate", async () => {
    const { work } = await createCertifiedWork(t.db, { ownerUserId: artisan.id, visibility: "sealed", title: "秘色瓷秘密茶盏" });
    const got = await getRegistrationCertificate({ registrationNumber: work.registrationNumber! });
    const text = JSON.stringify(got!.file);
    expect(text).not.toContain("秘色瓷秘密茶盏");
    expect(text).not.toContain("Test owner");
    expect(got!.file.record).toHaveProperty("titleCommitment");
    expect(got!.file.record).not.toHaveProperty("titleHash");
    expect(got!.file.format).toBe("kilnmark-certificate/2");
  });

  it("commits the title with a salt kept for the owner: only the owner's copy opens it", async () => {
    const { work } = await createCertifiedWork(t.db, { ownerUserId: artisan.id, visibility: "sealed", title: "秘色瓷莲瓣碗" });
    const salt = await t.db.workTitleSalt.findUniqueOrThrow({ where: { workId: work.id } });
    expect(salt.salt).toMatch(/^0x[0-9a-f]{64}$/);
    const pub = await getRegistrationCertificate({ registrationNumber: work.registrationNumber! });
    expect(JSON.stringify(pub!.file)).not.toContain(salt.salt.slice(2));
    expect(pub!.file).not.toHaveProperty("titleOpening");

    // Another user (even a licensee or an officer) gets nothing; the owner gets salt + title.
    expect(await getOwnerCertificateFile({ registrationNumber: work.registrationNumber!, user: licensee })).toBeNull();
    expect(await getOwnerCertificateFile({ registrationNumber: work.registrationNumber!, user: officer })).toBeNull();
    const own = await getOwnerCertificateFile({ registrationNumber: work.registrationNumber!, user: artisan });
    expect(own!.file.titleOpening).toEqual({ salt: salt.salt, titleZh: "秘色瓷莲瓣碗", titleEn: "秘色瓷莲瓣碗 (en)" });
    const res = await verifyCertificateFile(JSON.stringify(own!.file));
    expect(res.ok).toBe(true);
    expect(res.checks.find((c) => c.name === "title")?.ok).toBe(true);
    // Same record, leaf and signature as the public file: the opening is an addition, not a change.
    expect({ ...own!.file, titleOpening: undefined }).toEqual({ ...pub!.file, titleOpening: undefined });

    // Re-issuing is idempotent and keeps the one salt.
    await t.db.$transaction((tx) => issueRegistrationCertificate({ tx, workId: work.id }));
    expect((await t.db.workTitleSalt.findUniqueOrThrow({ where: { workId: work.id } })).salt).toBe(salt.salt);
  });

  it("refuses works that are not registered or have no views", async () => {
    const draft = await t.db.work.create({ data: { titleZh: "草稿", category: "vase", ownerName: "x", createdById: artisan.id, ownerUserId: artisan.id } });
    await expect(t.db.$transaction((tx) => issueRegistrationCertificate({ tx, workId: draft.id }))).rejects.toMatchObject({ code: "CONFLICT" });
    const bare = await createRegisteredWork(t.db, { ownerUserId: artisan.id });
    await expect(t.db.$transaction((tx) => issueRegistrationCertificate({ tx, workId: bare.id }))).rejects.toMatchObject({
      messageKey: "certificates.error.invalidField",
    });
    expect(await t.db.certificate.count({ where: { workId: { in: [draft.id, bare.id] } } })).toBe(0);
  });

  it("issues a licence certificate when a deal becomes active", async () => {
    await completeProfile(t.db, licensee.id);
    const work = await createRegisteredWork(t.db, { ownerUserId: artisan.id });
    const free = { upfrontFeeFen: 0, royaltyBps: 0, minimumGuaranteeFen: 0 };
    const offer = await createOffer({ db: t.db, actorId: artisan.id, workId: work.id, terms: terms(free) });
    const deal = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms(free) });
    const r = await approveDeal({ db: t.db, actorId: officer.id, dealId: deal.id, paymentMethod: "offline" });
    const row = await t.db.certificate.findUniqueOrThrow({ where: { number: r.licenseNumber! }, include: { batch: true } });
    expect(row).toMatchObject({ kind: "license", dealId: deal.id, workId: work.id });
    const file = certificateFileOf(row);
    expect(file.record).toMatchObject({ licenseNumber: r.licenseNumber, registrationNumber: work.registrationNumber, exclusivity: "non_exclusive" });
    expect((await verifyCertificateFile(file)).ok).toBe(true);
  });
});

describe("batches and anchoring on a real chain", () => {
  const batchSeqs: number[] = [];

  it("makes and anchors three batches; every proof and the audit head lead to an anchored root", async () => {
    // Everything issued above goes into batch 1; two more batches with fresh certificates.
    const numbers: string[][] = [];
    for (let round = 0; round < 3; round++) {
      if (round > 0) {
        const made = [];
        for (let i = 0; i < round + 1; i++) made.push((await createCertifiedWork(t.db, { ownerUserId: artisan.id })).work.registrationNumber!);
        numbers.push(made);
      } else {
        numbers.push((await t.db.certificate.findMany({ where: { batchId: null }, select: { number: true } })).map((c) => c.number));
      }
      const batch = await makeAnchorBatch({ actorId: officer.id });
      expect(batch).not.toBeNull();
      expect(batch!.certificates).toBe(numbers[round].length);
      expect(batch!.count).toBe(numbers[round].length + 1); // + the audit head
      batchSeqs.push(batch!.seq);
    }
    expect(batchSeqs).toEqual([1, 2, 3]);
    expect(await makeAnchorBatch({ actorId: null })).toBeNull(); // nothing new

    const run = await anchorPendingBatches({ actorId: officer.id, config, client: FAST });
    expect(run.configured).toBe(true);
    expect(run.batches.map((b) => [b.seq, b.status])).toEqual([
      [1, "anchored"],
      [2, "anchored"],
      [3, "anchored"],
    ]);

    for (const [round, seq] of batchSeqs.entries()) {
      const b = await t.db.anchorBatch.findUniqueOrThrow({ where: { seq } });
      expect(b).toMatchObject({ status: "anchored", chainId: node.chainId, contractAddress: config.contract });
      const ev = await findAnchorEvent({ provider: node.provider, contract: config.contract, root: b.root });
      expect(ev).toMatchObject({ txHash: b.txHash, blockNumber: b.blockNumber, uri: `kilnmark:batch/${seq}` });
      expect(Number(ev!.count)).toBe(b.count);
      for (const n of numbers[round]) {
        const file = await fileOf(n);
        expect(file.merkle).toMatchObject({ batchSeq: seq, root: b.root });
        const res = await verifyCertificateFile(file, { provider: node.provider });
        expect(res.ok, JSON.stringify(res.checks)).toBe(true);
        expect(res.checks.find((c) => c.name === "anchor")).toMatchObject({ ok: true, messageKey: "certificates.verify.ok.anchor" });
      }
      // The audit log head committed by the batch, checked the way docs/anchoring.md describes.
      const { tree, leaves, auditHead } = await batchTree(t.db, b.id);
      expect(tree.root).toBe(b.root);
      expect(auditHead!.hash).toBe(b.auditHeadHash);
      expect(verifyMerkleProof(tree.proof(leaves.indexOf(auditHead!.leaf)), b.root, auditHeadLeaf(auditHead!.seq, auditHead!.hash))).toBe(true);
    }
    expect((await verifyAuditLog({ db: t.db })).ok).toBe(true);

    // A second run finds nothing to do and sends nothing.
    const nonce = await node.provider.getTransactionCount(new Wallet(config.privateKey).address);
    const again = await anchorPendingBatches({ actorId: null, config, client: FAST });
    expect(again.batches).toEqual([]);
    expect(await node.provider.getTransactionCount(new Wallet(config.privateKey).address)).toBe(nonce);
  }, 120_000);

  it("a proof for a certificate that is not in the batch fails", async () => {
    const a = await t.db.certificate.findFirstOrThrow({ where: { batch: { seq: 2 } }, include: { batch: true } });
    const b = await t.db.certificate.findFirstOrThrow({ where: { batch: { seq: 3 } }, include: { batch: true } });
    const fa = certificateFileOf(a);
    const fb = certificateFileOf(b);
    const foreign = { ...fa, merkle: { ...fa.merkle!, root: fb.merkle!.root, batchSeq: fb.merkle!.batchSeq }, anchor: fb.anchor };
    expect(fa.merkle!.root).not.toBe(fb.merkle!.root);
    const res = await verifyCertificateFile(foreign);
    expect(res.reason).toBe("certificates.verify.error.proofInvalid");
  });

  it("resumes a send interrupted after signing (restart): the stored transaction is broadcast, anchored exactly once", async () => {
    await createCertifiedWork(t.db, { ownerUserId: artisan.id });
    const batch = (await makeAnchorBatch({ actorId: null }))!;
    // What a process that died right after persisting "sending" leaves behind.
    const wallet = new Wallet(config.privateKey, node.provider);
    const populated = await wallet.populateTransaction({
      to: config.contract,
      data: anchorInterface.encodeFunctionData("anchor", [batch.root, batch.count, `kilnmark:batch/${batch.seq}`]),
    });
    const raw = await wallet.signTransaction(populated);
    const { keccak256 } = await import("ethers");
    const txHash = keccak256(raw);
    await t.db.anchorBatch.update({ where: { id: batch.id }, data: { status: "sending", txHash, rawTransaction: raw, nonce: Number(populated.nonce) } });
    const nonceBefore = await node.provider.getTransactionCount(wallet.address);

    const run = await anchorPendingBatches({ actorId: null, config, client: FAST });
    expect(run.batches).toEqual([expect.objectContaining({ seq: batch.seq, status: "anchored", txHash })]);
    expect(await node.provider.getTransactionCount(wallet.address)).toBe(nonceBefore + 1);
    expect(await anchoredEvents(batch.root)).toHaveLength(1);
    expect(await t.db.anchorBatch.findUniqueOrThrow({ where: { id: batch.id } })).toMatchObject({ status: "anchored", txHash, rawTransaction: null });
  }, 60_000);

  it("a transaction not mined before the timeout stays 'sending' and the next run confirms the same one", async () => {
    await createCertifiedWork(t.db, { ownerUserId: artisan.id });
    const batch = (await makeAnchorBatch({ actorId: null }))!;
    await node.setAutomine(false);
    try {
      const run = await anchorPendingBatches({ actorId: null, config, client: { ...FAST, receiptTimeoutMs: 400 } });
      expect(run.batches[0]).toMatchObject({ seq: batch.seq, status: "sending" });
      const stuck = await t.db.anchorBatch.findUniqueOrThrow({ where: { id: batch.id } });
      expect(stuck.status).toBe("sending");
      expect(stuck.txHash).toMatch(/^0x[0-9a-f]{64}$/);
      expect(stuck.rawTransaction).toMatch(/^0x/);
      expect(stuck.lastError).toContain("not mined");
      await node.mine();
      const resumed = await anchorPendingBatches({ actorId: null, config, client: FAST });
      expect(resumed.batches[0]).toMatchObject({ status: "anchored", txHash: stuck.txHash });
      expect(await anchoredEvents(batch.root)).toHaveLength(1);
    } finally {
      await node.setAutomine(true);
    }
  }, 60_000);

  it("never marks a batch anchored when the transaction is refused or reverts, and anchors it later", async () => {
    await createCertifiedWork(t.db, { ownerUserId: artisan.id });
    const batch = (await makeAnchorBatch({ actorId: null }))!;
    const stranger = { ...config, privateKey: node.privateKey(3) }; // not the contract's owner

    const refused = await anchorPendingBatches({ actorId: null, config: stranger, client: FAST });
    expect(refused.batches[0]).toMatchObject({ seq: batch.seq, status: "failed" });
    expect(refused.batches[0].error).toContain("NotOwner");
    let row = await t.db.anchorBatch.findUniqueOrThrow({ where: { id: batch.id } });
    expect(row).toMatchObject({ status: "failed", txHash: null, anchoredAt: null });

    // Mined but reverted (gas estimation skipped): still not anchored.
    const reverted = await anchorPendingBatches({ actorId: null, config: stranger, client: { ...FAST, gasLimit: 200_000n } });
    expect(reverted.batches[0]).toMatchObject({ status: "failed" });
    row = await t.db.anchorBatch.findUniqueOrThrow({ where: { id: batch.id } });
    expect(row).toMatchObject({ status: "failed", txHash: null, blockNumber: null });
    expect(row.lastError).toMatch(/reverted/);
    expect(await anchoredEvents(batch.root)).toHaveLength(0);
    const status = await getCertificateStatus((await t.db.certificate.findFirstOrThrow({ where: { batchId: batch.id } })).number);
    expect(status!.batch).toMatchObject({ status: "failed", txHash: null });

    const ok = await anchorPendingBatches({ actorId: null, config, client: FAST });
    expect(ok.batches[0]).toMatchObject({ status: "anchored", alreadyAnchored: false });
    expect(await anchoredEvents(batch.root)).toHaveLength(1);
  }, 60_000);

  it("records a root someone already anchored with its original transaction, sending nothing", async () => {
    await createCertifiedWork(t.db, { ownerUserId: artisan.id });
    const batch = (await makeAnchorBatch({ actorId: null }))!;
    const c = new Contract(config.contract, ANCHOR_ABI, node.wallet(0));
    const tx = await c.anchor(batch.root, batch.count, "elsewhere");
    const receipt = await tx.wait();
    const nonce = await node.provider.getTransactionCount(new Wallet(config.privateKey).address);
    const run = await anchorPendingBatches({ actorId: null, config, client: FAST });
    expect(run.batches[0]).toMatchObject({ status: "anchored", alreadyAnchored: true, txHash: receipt.hash, blockNumber: receipt.blockNumber });
    expect(await node.provider.getTransactionCount(new Wallet(config.privateKey).address)).toBe(nonce);
  }, 60_000);

  it("refuses to anchor on a chain other than the one certificates are signed for", async () => {
    await createCertifiedWork(t.db, { ownerUserId: artisan.id });
    await makeAnchorBatch({ actorId: null });
    await expect(anchorPendingBatches({ actorId: null, config: { ...config, chainId: 1 }, client: FAST })).rejects.toMatchObject({
      messageKey: "certificates.anchor.error.wrongChain",
    });
    const pending = await t.db.anchorBatch.findFirstOrThrow({ where: { status: "pending" } });
    expect(pending.txHash).toBeNull();
    await anchorPendingBatches({ actorId: null, config, client: FAST });
  }, 60_000);

  it("without a chain configured, batches stay pending", async () => {
    await createCertifiedWork(t.db, { ownerUserId: artisan.id });
    const batch = (await makeAnchorBatch({ actorId: null }))!;
    const run = await anchorPendingBatches({ actorId: null, config: null });
    expect(run).toMatchObject({ configured: false });
    expect(run.batches).toEqual([expect.objectContaining({ seq: batch.seq, status: "pending" })]);
    await anchorPendingBatches({ actorId: null, config, client: FAST });
  }, 60_000);

  it("only officers (anchor:run) make or anchor batches by hand", async () => {
    await expect(makeAnchorBatch({ actorId: artisan.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(anchorPendingBatches({ actorId: licensee.id, config })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("status and verification against the registry", () => {
  it("reports signature, batch, proof and the on-chain confirmation", async () => {
    const cert = await t.db.certificate.findFirstOrThrow({ where: { batch: { seq: 2 } } });
    const s = await getCertificateStatus(cert.number);
    expect(s).toMatchObject({
      signatureValid: true,
      anchoringConfigured: true,
      batch: { seq: 2, proofValid: true, status: "anchored", chainId: node.chainId, onChain: "confirmed" },
    });
    const { work } = await createCertifiedWork(t.db, { ownerUserId: artisan.id });
    expect(await getCertificateStatus(work.registrationNumber!)).toMatchObject({ signatureValid: true, batch: null });
    expect(await getCertificateStatus("JDZ-2026-000000-0")).toBeNull();
  });

  it("tells whether an uploaded file still matches the registry", async () => {
    const cert = await t.db.certificate.findFirstOrThrow({ where: { batch: { seq: 1 }, kind: "registration" } });
    const good = await fileOf(cert.number);
    const ok = await verifyUploadedCertificate({ text: JSON.stringify(good) });
    expect(ok.result.ok, JSON.stringify(ok.result.checks)).toBe(true);
    expect(ok.chainChecked).toBe(true);
    expect(ok.registry).toMatchObject({ state: "matches", number: cert.number, batchSeq: 1, batchStatus: "anchored", revoked: false });

    const changed = structuredClone(good) as CertificateFile & { record: { registeredAt: number } };
    changed.record.registeredAt += 1;
    const bad = await verifyUploadedCertificate({ text: JSON.stringify(changed) });
    expect(bad.result.reason).toBe("certificates.verify.error.badSignature");
    expect(bad.registry).toMatchObject({ state: "differs", fields: ["registeredAt"] });
    const resigned = { ...good, signature: `0x${"11".repeat(65)}` };
    expect((await verifyUploadedCertificate({ text: JSON.stringify(resigned) })).registry).toMatchObject({ state: "differs", fields: ["signature"] });

    await t.db.work.update({ where: { id: cert.workId! }, data: { status: "revoked", revokedAt: new Date() } });
    expect((await verifyUploadedCertificate({ text: JSON.stringify(good) })).registry).toMatchObject({ state: "matches", revoked: true });
    expect((await verifyUploadedCertificate({ text: "not json" })).registry).toMatchObject({ state: "unknown" });
  });
});

describe("npm run verify-certificate on a downloaded certificate", () => {
  function cli(file: unknown, ...args: string[]) {
    const p = path.join(dir, `c-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(p, JSON.stringify(file, null, 2));
    const r = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/verify-certificate.ts", p, ...args], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    return { code: r.status, out: r.stdout + r.stderr };
  }

  it("passes, then fails with the right reason for each changed field, the signature or the proof", async () => {
    const cert = await t.db.certificate.findFirstOrThrow({ where: { batch: { seq: 3 } } });
    const good = await fileOf(cert.number);
    const okRun = cli(good, "--rpc", node.url, "--address", getRegistryWallet().address);
    expect(okRun.code, okRun.out).toBe(0);
    expect(okRun.out).toContain("The certificate is valid.");

    // Every field of the record (in-process: the same function the CLI runs).
    const record = good.record as unknown as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const f = structuredClone(good) as unknown as { record: Record<string, unknown> };
      const v = f.record[key];
      f.record[key] =
        key === "views"
          ? [{ ...(v as Record<string, string>[])[0], pdq: "0x" + "00".repeat(32) }, ...(v as unknown[]).slice(1)]
          : key === "registryAddress"
            ? new Wallet("0x" + "42".repeat(32)).address
            : key === "chainId"
              ? 5
              : typeof v === "number"
                ? v + 1
                : typeof v === "string" && v.startsWith("0x")
                  ? "0x" + "11".repeat(32)
                  : `${String(v)}X`;
      const res = await verifyCertificateFile(f);
      expect(res.ok, key).toBe(false);
      expect(["certificates.verify.error.badSignature", "certificates.verify.error.signerNotRegistry", "certificates.verify.error.badFormat"], key).toContain(
        res.reason,
      );
    }

    const field = structuredClone(good) as CertificateFile & { record: { registrationNumber: string } };
    field.record.registrationNumber = "JDZ-2026-999999-9";
    let r = cli(field);
    expect(r.code).toBe(1);
    expect(r.out).toContain("NOT VALID: The signature does not match");

    const sig = structuredClone(good);
    sig.signature = sig.signature.slice(0, -4) + (sig.signature.endsWith("1b") ? "001c" : "001b");
    r = cli(sig);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/NOT VALID: (The signature does not match|This is not a valid)/);

    const proof = structuredClone(good);
    proof.merkle!.proof[0] = "0x" + "ab".repeat(32);
    r = cli(proof);
    expect(r.code).toBe(1);
    expect(r.out).toContain("NOT VALID: The Merkle proof does not lead to the root of batch 3");

    const anchor = structuredClone(good);
    anchor.anchor!.blockNumber += 1;
    r = cli(anchor, "--rpc", node.url);
    expect(r.code).toBe(1);
    expect(r.out).toContain("NOT VALID: The certificate says block");
  }, 120_000);
});
