/**
 * Checks a certificate file the way an outsider would: no database, no registry server. No I/O
 * (the on-chain check only runs when the caller passes a provider); Node only, since the signature
 * is recovered by libsecp256k1's native binding (recover-signer.ts).
 */
import { getAddress, isAddress, keccak256 } from "ethers";
import { translate } from "~/utils/i18n";
import { ANCHORED_TOPIC } from "./anchor-contract";
import {
  CERTIFICATE_FORMAT_V2,
  CERTIFICATE_KINDS,
  certificateDigest,
  certificateFileTypes,
  certificateTypes,
  formatsOfKind,
  opensTitleCommitment,
  PRIMARY_TYPES,
  REGISTRY_DOMAIN_NAME,
  REGISTRY_DOMAIN_VERSION,
  type CertificateFile,
  type CertificateFormat,
  type CertificateKind,
  type RegistrationRecord,
} from "./certificate";
import { isHex32, verifyMerkleProof, type Hex32 } from "./merkle";
import { recoverSigner } from "./recover-signer";

type CheckName = "format" | "signature" | "registry" | "leaf" | "proof" | "anchor" | "title";

type VerificationCheck = {
  name: CheckName;
  ok: boolean;
  /** Not performed (e.g. not yet anchored, or no RPC given); a skipped check never fails. */
  skipped?: boolean;
  /** Plain English detail for the command line; UIs translate messageKey with params instead. */
  detail: string;
  messageKey: string;
  params: Record<string, string | number>;
};

export type VerificationResult = {
  ok: boolean;
  checks: VerificationCheck[];
  /** Message key of the first failed check ("certificates.verify.error.*"). */
  reason?: string;
  reasonParams?: Record<string, string | number>;
};

/** The part of an ethers Provider the anchor check uses. */
type AnchorLookupProvider = {
  getNetwork(): Promise<{ chainId: bigint }>;
  getTransactionReceipt(hash: string): Promise<{
    status: number | null;
    blockNumber: number;
    logs: readonly { address: string; topics: readonly string[] }[];
  } | null>;
};

type Params = Record<string, string | number>;

function check(name: CheckName, ok: boolean, key: string, params: Params = {}, skipped = false): VerificationCheck {
  const messageKey = `certificates.verify.${ok ? (skipped ? "note" : "ok") : "error"}.${key}`;
  return { name, ok, skipped: skipped || undefined, detail: translate("en", messageKey, params), messageKey, params };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Structural checks; returns the problem in words, or the record's EIP-712 digest when the file is well-formed. */
function formatProblem(f: Record<string, unknown>): string | { digest: Hex32 } {
  if (!CERTIFICATE_KINDS.includes(f.kind as CertificateKind)) return `unknown kind "${String(f.kind)}"`;
  const kind = f.kind as CertificateKind;
  const formats = formatsOfKind(kind);
  if (!formats.includes(f.format as CertificateFormat)) return `format is not ${formats.map((x) => `"${x}"`).join(" or ")}`;
  const format = f.format as CertificateFormat;
  // The types are fixed per kind and format: a file cannot redefine what its fields mean.
  if (!sameJson(f.types, certificateFileTypes(kind, format))) return "the type definitions are not the registry's";
  if (f.primaryType !== PRIMARY_TYPES[kind]) return `primaryType is not ${PRIMARY_TYPES[kind]}`;
  if (!isObject(f.record)) return "record is missing";
  const d = f.domain;
  // Exactly the registry's three fields: the digest checked below is over that domain.
  if (
    !isObject(d) ||
    d.name !== REGISTRY_DOMAIN_NAME ||
    d.version !== REGISTRY_DOMAIN_VERSION ||
    !sameJson(Object.keys(d).sort(), ["chainId", "name", "version"])
  )
    return "domain is not the registry's";
  if (d.chainId !== f.record.chainId) return "domain chainId differs from the record's chainId";
  const fields = certificateTypes(kind, format)[PRIMARY_TYPES[kind]];
  const expectedKeys = fields.map((x) => x.name).sort();
  if (!sameJson(Object.keys(f.record).sort(), expectedKeys)) return "record fields are not the certificate's fields";
  let digest: Hex32;
  try {
    digest = certificateDigest(kind, f.record as never);
  } catch (e) {
    return `record does not fit its types (${(e as { shortMessage?: string }).shortMessage ?? (e as Error).message})`;
  }
  if (typeof f.signature !== "string" || typeof f.signer !== "string" || !isAddress(f.signer)) return "signature or signer missing";
  if (!isHex32(f.leaf)) return "leaf is not a 32-byte hash";
  if (f.merkle !== null) {
    const m = f.merkle;
    if (!isObject(m) || !isHex32(m.root) || !Array.isArray(m.proof) || !Number.isSafeInteger(m.batchSeq)) return "merkle section is malformed";
  }
  if (f.anchor !== null) {
    const a = f.anchor;
    if (f.merkle === null) return "an anchor is given without a Merkle batch";
    if (
      !isObject(a) ||
      !Number.isSafeInteger(a.chainId) ||
      typeof a.contract !== "string" ||
      !isAddress(a.contract) ||
      !isHex32(a.txHash) ||
      !Number.isSafeInteger(a.blockNumber)
    ) {
      return "anchor section is malformed";
    }
  }
  if (f.titleOpening !== undefined) {
    const o = f.titleOpening;
    if (format !== CERTIFICATE_FORMAT_V2) return "a title opening is only part of a format-2 registration certificate";
    if (!isObject(o) || !isHex32(o.salt) || typeof o.titleZh !== "string" || typeof o.titleEn !== "string") return "titleOpening is malformed";
  }
  return { digest };
}

export async function verifyCertificateFile(
  input: unknown,
  opts: { expectedAddress?: string; provider?: AnchorLookupProvider } = {},
): Promise<VerificationResult> {
  const checks: VerificationCheck[] = [];
  const done = (): VerificationResult => {
    const failed = checks.find((c) => !c.ok);
    return failed ? { ok: false, checks, reason: failed.messageKey, reasonParams: failed.params } : { ok: true, checks };
  };

  let parsed: unknown = input;
  if (typeof input === "string" || input instanceof Uint8Array) {
    try {
      parsed = JSON.parse(typeof input === "string" ? input : new TextDecoder().decode(input));
    } catch {
      checks.push(check("format", false, "notJson"));
      return done();
    }
  }
  if (!isObject(parsed)) {
    checks.push(check("format", false, "notJson"));
    return done();
  }
  const format = formatProblem(parsed);
  if (typeof format === "string") {
    checks.push(check("format", false, "badFormat", { problem: format }));
    return done();
  }
  const f = parsed as unknown as CertificateFile;
  checks.push(check("format", true, "format", { kind: f.kind }));

  // 1. The signature recovers to the signer the file names. The format check made the file's
  // domain and types the registry's, so this is the digest eth_signTypedData_v4 signs for the file.
  const { digest } = format;
  let recovered: string | null = null;
  try {
    recovered = recoverSigner(digest, f.signature);
  } catch {
    recovered = null;
  }
  const signer = getAddress(f.signer);
  if (recovered === null || recovered !== signer) {
    checks.push(check("signature", false, "badSignature", { signer }));
  } else {
    checks.push(check("signature", true, "signature", { signer }));
  }

  // 2. The signer is the registry the record names, and the one the verifier expects.
  const registry = getAddress(f.record.registryAddress);
  if (signer !== registry) {
    checks.push(check("registry", false, "signerNotRegistry", { signer, registry }));
  } else if (opts.expectedAddress && (!isAddress(opts.expectedAddress) || getAddress(opts.expectedAddress) !== signer)) {
    checks.push(check("registry", false, "unexpectedSigner", { signer, expected: opts.expectedAddress }));
  } else {
    checks.push(check("registry", true, opts.expectedAddress ? "registryExpected" : "registry", { signer }));
  }

  // 3. The leaf is derived from this record (not copied from another certificate).
  const leaf = keccak256(digest); // what certificateLeaf computes, from the digest already made
  if (leaf !== f.leaf.toLowerCase()) checks.push(check("leaf", false, "leafMismatch", { leaf: f.leaf }));
  else checks.push(check("leaf", true, "leaf", { leaf }));

  // 4. The proof leads from that leaf to the batch root.
  if (f.merkle === null) {
    checks.push(check("proof", true, "notBatched", {}, true));
  } else if (!verifyMerkleProof(f.merkle.proof, f.merkle.root, leaf)) {
    checks.push(check("proof", false, "proofInvalid", { root: f.merkle.root, batchSeq: f.merkle.batchSeq }));
  } else {
    checks.push(check("proof", true, "proof", { root: f.merkle.root, batchSeq: f.merkle.batchSeq }));
  }

  // The owner's copy: salt and title open the record's title commitment.
  if (f.titleOpening) {
    if (opensTitleCommitment(f.record as RegistrationRecord, f.titleOpening))
      checks.push(check("title", true, "title", { titleZh: f.titleOpening.titleZh, titleEn: f.titleOpening.titleEn }));
    else checks.push(check("title", false, "titleMismatch"));
  }

  // 5. The root was anchored by that transaction on that contract.
  if (f.anchor === null) {
    checks.push(check("anchor", true, "notAnchored", {}, true));
  } else if (f.record.chainId !== 0 && f.record.chainId !== f.anchor.chainId) {
    checks.push(check("anchor", false, "recordChainMismatch", { expected: f.record.chainId, actual: f.anchor.chainId }));
  } else if (!opts.provider) {
    checks.push(check("anchor", true, "noRpc", { txHash: f.anchor.txHash, chainId: f.anchor.chainId }, true));
  } else {
    checks.push(
      await anchorCheck(
        f as CertificateFile & { anchor: NonNullable<CertificateFile["anchor"]>; merkle: NonNullable<CertificateFile["merkle"]> },
        opts.provider,
      ),
    );
  }
  return done();
}

async function anchorCheck(
  f: CertificateFile & { anchor: NonNullable<CertificateFile["anchor"]>; merkle: NonNullable<CertificateFile["merkle"]> },
  provider: AnchorLookupProvider,
): Promise<VerificationCheck> {
  const { txHash, chainId, blockNumber } = f.anchor;
  const contract = getAddress(f.anchor.contract);
  const root = f.merkle.root.toLowerCase();
  try {
    const network = await provider.getNetwork();
    if (Number(network.chainId) !== chainId) {
      return check("anchor", false, "anchorChainMismatch", { expected: chainId, actual: Number(network.chainId) });
    }
    const receipt = await provider.getTransactionReceipt(txHash);
    if (!receipt) return check("anchor", false, "anchorTxNotFound", { txHash, chainId });
    if (receipt.status !== 1) return check("anchor", false, "anchorTxFailed", { txHash });
    const event = receipt.logs.find(
      (l) => l.address.toLowerCase() === contract.toLowerCase() && l.topics[0]?.toLowerCase() === ANCHORED_TOPIC && l.topics[1]?.toLowerCase() === root,
    );
    if (!event) return check("anchor", false, "anchorEventMissing", { txHash, root, contract });
    if (receipt.blockNumber !== blockNumber) {
      return check("anchor", false, "anchorBlockMismatch", { claimed: blockNumber, actual: receipt.blockNumber });
    }
    return check("anchor", true, "anchor", { txHash, blockNumber, chainId, contract });
  } catch (e) {
    return check("anchor", false, "chainUnreachable", { problem: (e as { shortMessage?: string }).shortMessage ?? (e as Error).message });
  }
}
