/**
 * Certificate formats: format-1 certificates (plain titleHash) pinned from the code that issued
 * them keep verifying byte for byte; format 2 commits the title with the owner's salt, and the
 * owner's copy (salt + title) proves the title to anyone.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { keccak256, toUtf8Bytes, verifyTypedData, Wallet } from "ethers";
import type { AnchorBatch, Certificate } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { hasKey, translate } from "~/utils/i18n";
import {
  buildRegistrationRecord,
  CERTIFICATE_FORMAT_V1,
  CERTIFICATE_FORMAT_V2,
  certificateFile,
  newTitleSalt,
  opensTitleCommitment,
  signCertificate,
  titleCommitment,
  titleHash,
  type CertificateFile,
  type RegistrationRecordV2,
} from "./certificate";
import { certificateFileOf } from "./get-certificate-file.server";
import { verifyCertificateFile } from "./verify-certificate";

type Pinned = {
  row: { kind: string; record: string; domain: string; signature: string; signerAddress: string; leaf: string; proof: string };
  batch: { seq: number; root: string; status: string; txHash: string; blockNumber: number; chainId: number; contractAddress: string };
  fileJson: string;
};
const fixture = JSON.parse(readFileSync(path.join(__dirname, "__fixtures__/certificate-v1.json"), "utf8")) as {
  title: { zh: string; en: string };
  registration: Pinned;
  license: Pinned;
};

/** A Certificate row (+ batch) as the database holds one issued by the format-1 code. */
function rowOf(p: Pinned): Certificate & { batch: AnchorBatch } {
  const now = new Date(0);
  return {
    id: "c1",
    number: "n",
    workId: "w1",
    dealId: null,
    batchId: "b1",
    createdAt: now,
    ...p.row,
    batch: { id: "b1", createdAt: now, leafCount: 3, auditHeadSeq: null, auditHeadHash: null, ...p.batch } as unknown as AnchorBatch,
  } as unknown as Certificate & { batch: AnchorBatch };
}

const registry = new Wallet("0x" + "11".repeat(32));

async function v2File(salt = newTitleSalt(), titleZh = "青花缠枝莲纹梅瓶", titleEn = "Blue-and-white lotus scroll meiping") {
  const record = buildRegistrationRecord({
    registrationNumber: "JDZ-2026-000043-5",
    titleZh,
    titleEn,
    titleSalt: salt,
    ownerName: "景德镇某某陶瓷工作室",
    views: [{ kind: "front", sha256: "a".repeat(64), pdq: "b".repeat(64) }],
    registeredAt: 1_795_852_800,
    registryAddress: registry.address,
    chainId: 0,
  });
  return { salt, record: record as RegistrationRecordV2, signed: await signCertificate(registry, "registration", record) };
}

describe("format-1 certificates (pinned)", () => {
  for (const kind of ["registration", "license"] as const) {
    it(`a ${kind} certificate issued before format 2 still verifies, and the registry rebuilds it byte for byte`, async () => {
      const pinned = fixture[kind];
      const res = await verifyCertificateFile(pinned.fileJson, { expectedAddress: registry.address });
      expect(res.ok, JSON.stringify(res.checks)).toBe(true);
      expect(JSON.parse(pinned.fileJson).format).toBe(CERTIFICATE_FORMAT_V1);
      expect(JSON.stringify(certificateFileOf(rowOf(pinned)), null, 2) + "\n").toBe(pinned.fileJson);
    });
  }

  it("format-1's plain titleHash is what format 2 fixes: a guessed title confirms it", () => {
    const file = JSON.parse(fixture.registration.fileJson) as CertificateFile;
    expect((file.record as { titleHash: string }).titleHash).toBe(titleHash(fixture.title.zh, fixture.title.en));
  });

  it("relabelling a format-1 file as format 2 (or the reverse) fails the format check", async () => {
    const v1 = JSON.parse(fixture.registration.fileJson) as CertificateFile;
    expect((await verifyCertificateFile({ ...v1, format: CERTIFICATE_FORMAT_V2 })).reason).toBe("certificates.verify.error.badFormat");
    const v2 = certificateFile((await v2File()).signed);
    expect((await verifyCertificateFile({ ...v2, format: CERTIFICATE_FORMAT_V1 })).reason).toBe("certificates.verify.error.badFormat");
    const lic = JSON.parse(fixture.license.fileJson) as CertificateFile;
    expect((await verifyCertificateFile({ ...lic, format: CERTIFICATE_FORMAT_V2 })).reason).toBe("certificates.verify.error.badFormat");
  });
});

describe("format 2: salted title commitment", () => {
  it("new registration certificates are format 2, verify with any EIP-712 tool, and hold no plain title hash", async () => {
    const { record, signed, salt } = await v2File();
    const file = certificateFile(signed);
    expect(file.format).toBe(CERTIFICATE_FORMAT_V2);
    expect(Object.keys(file.record)).toContain("titleCommitment");
    expect(Object.keys(file.record)).not.toContain("titleHash");
    expect(file.types.Registration.map((f) => f.name)).toContain("titleCommitment");
    expect(file).not.toHaveProperty("titleOpening");
    expect(JSON.stringify(file)).not.toContain(salt.slice(2));
    const { EIP712Domain: _d, ...types } = file.types;
    expect(verifyTypedData(file.domain, types, file.record, file.signature)).toBe(registry.address);
    expect(record.titleCommitment).toBe(
      keccak256(new Uint8Array([...Buffer.from(salt.slice(2), "hex"), ...toUtf8Bytes("青花缠枝莲纹梅瓶\nBlue-and-white lotus scroll meiping")])),
    );
    expect((await verifyCertificateFile(JSON.stringify(file))).ok).toBe(true);
  });

  it("each work gets its own random salt: the same title gives unrelated commitments", async () => {
    const a = newTitleSalt();
    const b = newTitleSalt();
    expect(a).toMatch(/^0x[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(titleCommitment(a, "碗", "Bowl")).not.toBe(titleCommitment(b, "碗", "Bowl"));
    expect(() => titleCommitment("0x1234", "碗", "Bowl")).toThrow(/titleSalt/);
  });

  it("the owner's copy (salt + title) proves the title; a wrong title or salt fails with its own reason", async () => {
    const { signed, salt } = await v2File();
    const opening = { salt, titleZh: "青花缠枝莲纹梅瓶", titleEn: "Blue-and-white lotus scroll meiping" };
    const owners = certificateFile(signed, { titleOpening: opening });
    const ok = await verifyCertificateFile(JSON.stringify(owners));
    expect(ok.ok).toBe(true);
    expect(ok.checks.find((c) => c.name === "title")).toMatchObject({ ok: true, params: { titleZh: opening.titleZh } });
    // The opening is not signed: tampering with it cannot make a false title pass.
    for (const bad of [
      { ...opening, titleZh: "青花缠枝莲纹梅瓶 " },
      { ...opening, titleEn: "Another vase" },
      { ...opening, salt: newTitleSalt() },
    ]) {
      const res = await verifyCertificateFile({ ...owners, titleOpening: bad });
      expect(res.ok).toBe(false);
      expect(res.reason).toBe("certificates.verify.error.titleMismatch");
    }
    expect((await verifyCertificateFile({ ...owners, titleOpening: { salt: "nope" } })).reason).toBe("certificates.verify.error.badFormat");
    // The registry never issues an owner's copy that does not open.
    expect(() => certificateFile(signed, { titleOpening: { ...opening, titleEn: "x" } })).toThrow(/titleOpening/);
    expect(opensTitleCommitment(signed.record as RegistrationRecordV2, opening)).toBe(true);
  });

  it("the new messages exist in both languages", () => {
    for (const k of ["certificates.verify.check.title", "certificates.verify.ok.title", "certificates.verify.error.titleMismatch"]) {
      expect(hasKey(k), k).toBe(true);
      expect(translate("zh-CN", k)).not.toBe(translate("en", k));
    }
  });
});
