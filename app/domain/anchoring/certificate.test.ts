import { keccak256, toUtf8Bytes, TypedDataEncoder, Wallet, verifyTypedData } from "ethers";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "~/domain/canonical-json";
import { hasKey, translate } from "~/utils/i18n";
import {
  buildLicenseRecord,
  buildRegistrationRecord,
  certificateDigest,
  certificateFile,
  certificateLeaf,
  certificateTypes,
  signCertificate,
  titleCommitment,
  titleHash,
  type CertificateFile,
  type RegistrationRecordV2,
} from "./certificate";
import { buildMerkleTree } from "./merkle";
import { verifyCertificateFile } from "./verify-certificate";

const registry = new Wallet("0x" + "11".repeat(32));
const other = new Wallet("0x" + "22".repeat(32));
const hex = (c: string) => c.repeat(64);
const SALT = "0x" + "5a".repeat(32);

function registrationInput(n: number, registryAddress = registry.address) {
  return {
    registrationNumber: `JDZ-2026-${String(n).padStart(6, "0")}`,
    titleZh: `青花缠枝莲纹梅瓶 ${n}`,
    titleEn: `Blue-and-white lotus scroll meiping ${n}`,
    titleSalt: SALT,
    ownerName: "景德镇某某陶瓷工作室",
    views: [
      { kind: "front", sha256: hex("a"), pdq: hex("b") },
      { kind: "base-mark", sha256: "0x" + hex("c"), pdq: hex("D") },
    ],
    registeredAt: new Date(Date.UTC(2026, 10, 28, 8, 0, n)),
    registryAddress,
    chainId: 31337,
  };
}

async function batchOf(count: number): Promise<CertificateFile[]> {
  const signed = await Promise.all(
    Array.from({ length: count }, (_, i) => signCertificate(registry, "registration", buildRegistrationRecord(registrationInput(i)))),
  );
  const tree = buildMerkleTree(signed.map((s) => certificateLeaf(s.kind, s.record)));
  return signed.map((s, i) => certificateFile(s, { merkle: { batchSeq: 1, root: tree.root, proof: tree.proof(i) } }));
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe("certificate records", () => {
  it("commits to the title as keccak256(salt ‖ UTF-8 'zh\\nen') (no plain title hash) and normalises image hashes", () => {
    const r = buildRegistrationRecord(registrationInput(1)) as RegistrationRecordV2;
    const title = `青花缠枝莲纹梅瓶 1\nBlue-and-white lotus scroll meiping 1`;
    expect(r.titleCommitment).toBe(keccak256(new Uint8Array([...Buffer.from("5a".repeat(32), "hex"), ...toUtf8Bytes(title)])));
    expect(r.titleCommitment).toBe(titleCommitment(SALT, "青花缠枝莲纹梅瓶 1", "Blue-and-white lotus scroll meiping 1"));
    expect(r).not.toHaveProperty("titleHash");
    // A guessed title cannot be confirmed from the record without the salt.
    expect(JSON.stringify(r)).not.toContain(titleHash("青花缠枝莲纹梅瓶 1", "Blue-and-white lotus scroll meiping 1").slice(2));
    expect(r.ownerHash).toBe(keccak256(toUtf8Bytes("景德镇某某陶瓷工作室")));
    expect(r.views[1]).toEqual({ kind: "base-mark", sha256: "0x" + hex("c"), pdq: "0x" + hex("d") });
    expect(r.registeredAt).toBe(Date.UTC(2026, 10, 28, 8, 0, 1) / 1000);
  });

  it("refuses bad input with a DomainError naming the field", () => {
    const bad = { ...registrationInput(1), views: [{ kind: "front", sha256: "abc", pdq: hex("b") }] };
    expect(() => buildRegistrationRecord(bad)).toThrowError(/certificates.error.invalidField.*views\[0\].sha256/);
    expect(() => buildRegistrationRecord({ ...registrationInput(1), registryAddress: "0x12" })).toThrowError(/registryAddress/);
    expect(() => buildRegistrationRecord({ ...registrationInput(1), views: [] })).toThrowError(/views/);
  });

  it("hashes license terms canonically (key order does not matter)", () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe('{"a":[2,{"c":2,"d":1}],"b":1}');
    const base = {
      licenseNumber: "LIC-2026-000001",
      registrationNumber: "JDZ-2026-000001",
      licenseeName: "Pop Ceramics Ltd",
      exclusivity: "exclusive",
      fields: ["designer-toys"],
      territories: ["CN", "SG"],
      termStart: new Date("2027-01-01T00:00:00Z"),
      termEnd: new Date("2029-12-31T00:00:00Z"),
      issuedAt: new Date("2026-12-01T00:00:00Z"),
      registryAddress: registry.address,
      chainId: 0,
    };
    const a = buildLicenseRecord({ ...base, terms: { royaltyBps: 800, upfrontFen: 5_000_000 } });
    const b = buildLicenseRecord({ ...base, terms: { upfrontFen: 5_000_000, royaltyBps: 800 } });
    expect(a.termsHash).toBe(b.termsHash);
    expect(() => buildLicenseRecord({ ...base, terms: {}, termEnd: new Date("2026-01-01T00:00:00Z") })).toThrowError(/termEnd/);
  });

  it("signs EIP-712 typed data any EIP-712 tool can check; leaf = keccak256(digest)", async () => {
    const record = buildRegistrationRecord(registrationInput(3));
    const signed = await signCertificate(registry, "registration", record);
    expect(signed.domain).toEqual({ name: "Kilnmark Registry", version: "1", chainId: 31337 });
    expect(signed.primaryType).toBe("Registration");
    const { EIP712Domain, ...types } = signed.types;
    expect(EIP712Domain).toBeDefined();
    expect(verifyTypedData(signed.domain, types, record, signed.signature)).toBe(registry.address);
    expect(certificateDigest("registration", record)).toBe(TypedDataEncoder.hash(signed.domain, types, record));
    expect(certificateLeaf("registration", record)).toBe(keccak256(certificateDigest("registration", record)));
  });

  it("the digest, with its kept encoders and domain separators, is ethers' TypedDataEncoder.hash for each kind and chain, in any order", () => {
    const license = (chainId: number) =>
      buildLicenseRecord({
        licenseNumber: `LIC-${chainId}`,
        registrationNumber: "JDZ-2026-000001",
        licenseeName: "Museum Shop",
        terms: { royaltyBps: 500 },
        exclusivity: "non-exclusive",
        fields: ["stationery"],
        territories: ["DE"],
        termStart: 1_800_000_000,
        termEnd: 1_900_000_000,
        issuedAt: 1_790_000_000,
        registryAddress: registry.address,
        chainId,
      });
    for (const chainId of [31337, 0, 1, 31337, 11155111, 0]) {
      const domain = { name: "Kilnmark Registry", version: "1", chainId };
      const registration = buildRegistrationRecord({ ...registrationInput(chainId % 97), chainId });
      expect(certificateDigest("registration", registration)).toBe(TypedDataEncoder.hash(domain, certificateTypes("registration", registration), registration));
      const lic = license(chainId);
      expect(certificateDigest("license", lic)).toBe(TypedDataEncoder.hash(domain, certificateTypes("license", lic), lic));
    }
  });

  it("refuses to sign a record naming another registry", async () => {
    const record = buildRegistrationRecord(registrationInput(1, other.address));
    await expect(signCertificate(registry, "registration", record)).rejects.toThrow(/registryAddress/);
  });
});

describe("verifyCertificateFile (offline)", () => {
  it("accepts a signed, batched certificate and reports every check", async () => {
    const [file] = await batchOf(5);
    const res = await verifyCertificateFile(JSON.stringify(file), { expectedAddress: registry.address });
    expect(res.ok).toBe(true);
    expect(res.checks.map((c) => [c.name, c.ok, !!c.skipped])).toEqual([
      ["format", true, false],
      ["signature", true, false],
      ["registry", true, false],
      ["leaf", true, false],
      ["proof", true, false],
      ["anchor", true, true],
    ]);
    for (const c of res.checks) expect(hasKey(c.messageKey), c.messageKey).toBe(true);
  });

  it("accepts a license certificate that is not batched yet (proof skipped)", async () => {
    const record = buildLicenseRecord({
      licenseNumber: "LIC-1",
      registrationNumber: "JDZ-2026-000001",
      licenseeName: "Museum Shop",
      terms: { royaltyBps: 500 },
      exclusivity: "non-exclusive",
      fields: ["stationery", "tableware"],
      territories: ["DE"],
      termStart: 1_800_000_000,
      termEnd: 1_900_000_000,
      issuedAt: 1_790_000_000,
      registryAddress: registry.address,
      chainId: 0,
    });
    const file = certificateFile(await signCertificate(registry, "license", record));
    const res = await verifyCertificateFile(file);
    expect(res.ok).toBe(true);
    expect(res.checks.find((c) => c.name === "proof")).toMatchObject({ ok: true, skipped: true });
  });

  // Each record field, changed: the signature no longer matches (reported first).
  const recordChanges: [string, (r: RegistrationRecordV2) => void][] = [
    ["registrationNumber", (r) => (r.registrationNumber += "9")],
    ["titleCommitment", (r) => (r.titleCommitment = titleCommitment(SALT, "x", "y"))],
    ["ownerHash", (r) => (r.ownerHash = keccak256(toUtf8Bytes("someone else")))],
    ["views[0].kind", (r) => (r.views[0].kind = "side")],
    ["views[0].sha256", (r) => (r.views[0].sha256 = "0x" + hex("e"))],
    ["views[1].pdq", (r) => (r.views[1].pdq = "0x" + hex("f"))],
    ["views removed", (r) => r.views.pop()],
    ["registeredAt", (r) => (r.registeredAt -= 86_400)],
  ];
  it.each(recordChanges)("changing %s makes verification fail on the signature", async (_name, change) => {
    const [file] = await batchOf(4);
    const t = clone(file);
    change(t.record as RegistrationRecordV2);
    const res = await verifyCertificateFile(t);
    expect(res.ok).toBe(false);
    expect(res.reason).toBe("certificates.verify.error.badSignature");
  });

  it("a domain with a field the registry's has not (which would change the signed digest) is a format error", async () => {
    const [file] = await batchOf(1);
    const t = clone(file) as CertificateFile & { domain: Record<string, unknown> };
    t.domain.verifyingContract = other.address;
    const res = await verifyCertificateFile(t);
    expect(res.reason).toBe("certificates.verify.error.badFormat");
    expect(res.reasonParams?.problem).toBe("domain is not the registry's");
  });

  it("changing chainId in the record alone is a format error; in record and domain, a signature error", async () => {
    const [file] = await batchOf(2);
    const t = clone(file);
    t.record.chainId = 1;
    expect((await verifyCertificateFile(t)).reason).toBe("certificates.verify.error.badFormat");
    t.domain.chainId = 1;
    expect((await verifyCertificateFile(t)).reason).toBe("certificates.verify.error.badSignature");
  });

  it("a changed signature, signer, leaf, proof or root each fail with their own reason", async () => {
    const [file] = await batchOf(6);
    const cases: [string, (f: CertificateFile) => void, string][] = [
      ["signature", (f) => (f.signature = f.signature.slice(0, 10) + (f.signature[10] === "0" ? "1" : "0") + f.signature.slice(11)), "badSignature"],
      ["signature garbage", (f) => (f.signature = "0x1234"), "badSignature"],
      ["signer", (f) => (f.signer = other.address), "badSignature"],
      ["leaf", (f) => (f.leaf = keccak256(f.leaf)), "leafMismatch"],
      ["proof element", (f) => (f.merkle!.proof[0] = keccak256(f.merkle!.proof[0])), "proofInvalid"],
      ["proof shortened", (f) => f.merkle!.proof.pop(), "proofInvalid"],
      ["root", (f) => (f.merkle!.root = keccak256(f.merkle!.root)), "proofInvalid"],
      ["types", (f) => (f.types.View[0].type = "bytes32"), "badFormat"],
      ["format", (f) => ((f as { format: string }).format = "other/1"), "badFormat"],
      ["domain name", (f) => (f.domain.name = "Other Registry"), "badFormat"],
      [
        "anchor without batch",
        (f) => {
          f.merkle = null;
          f.anchor = { chainId: 31337, contract: other.address, txHash: f.leaf, blockNumber: 1 };
        },
        "badFormat",
      ],
    ];
    for (const [name, change, reason] of cases) {
      const t = clone(file);
      change(t);
      const res = await verifyCertificateFile(t);
      expect(res.ok, name).toBe(false);
      expect(res.reason, name).toBe(`certificates.verify.error.${reason}`);
    }
    expect((await verifyCertificateFile("{not json")).reason).toBe("certificates.verify.error.notJson");
  });

  it("a proof for a registration that is not in the batch fails", async () => {
    const batchA = await batchOf(4);
    const outsider = certificateFile(await signCertificate(registry, "registration", buildRegistrationRecord(registrationInput(99))), {
      merkle: batchA[1].merkle,
    });
    const res = await verifyCertificateFile(outsider);
    expect(res.reason).toBe("certificates.verify.error.proofInvalid");
  });

  it("a certificate re-signed by another key names that key; --address catches it", async () => {
    const record = buildRegistrationRecord(registrationInput(1, other.address));
    const forged = certificateFile(await signCertificate(other, "registration", record));
    expect((await verifyCertificateFile(forged)).ok).toBe(true); // self-consistent...
    const res = await verifyCertificateFile(forged, { expectedAddress: registry.address });
    expect(res.reason).toBe("certificates.verify.error.unexpectedSigner"); // ...but not the registry's
    // Signed by another key while naming the registry: caught without --address.
    const honest = buildRegistrationRecord(registrationInput(1));
    const honestSigned = await signCertificate(registry, "registration", honest);
    const { EIP712Domain: _domain, ...types } = honestSigned.types;
    const sig = await other.signTypedData(honestSigned.domain, types, honest);
    const file = certificateFile({ ...honestSigned, signature: sig, signer: other.address });
    expect((await verifyCertificateFile(file)).reason).toBe("certificates.verify.error.signerNotRegistry");
  });

  it("every reason and check label exists in both languages", () => {
    const keys = [
      "notJson",
      "badFormat",
      "badSignature",
      "signerNotRegistry",
      "unexpectedSigner",
      "leafMismatch",
      "proofInvalid",
      "recordChainMismatch",
      "anchorChainMismatch",
      "anchorTxNotFound",
      "anchorTxFailed",
      "anchorEventMissing",
      "anchorBlockMismatch",
      "chainUnreachable",
    ].map((k) => `certificates.verify.error.${k}`);
    for (const k of keys) {
      expect(hasKey(k), k).toBe(true);
      expect(translate("zh-CN", k)).not.toBe(translate("en", k));
    }
    expect(new Set(keys.map((k) => translate("en", k))).size).toBe(keys.length);
  });
});
