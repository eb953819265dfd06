/**
 * Registry certificates: EIP-712 typed data signed by the registry key, verifiable offline with
 * any EIP-712 tool (the file carries domain, types and primaryType as eth_signTypedData_v4 does).
 *
 * Merkle leaf = keccak256(EIP-712 digest), the digest being the typed-data hash that was signed
 * (it binds the domain too, so a leaf cannot be replayed under another registry name, version or
 * chain). Hashing the 32-byte digest once more keeps leaves distinct from inner nodes, whose
 * preimages are 64 bytes (the second-preimage caveat in OpenZeppelin's MerkleProof).
 */
import { canonicalJson } from "~/domain/canonical-json";
import { concat, getAddress, hexlify, isAddress, keccak256, randomBytes, toUtf8Bytes, TypedDataEncoder, type TypedDataField } from "ethers";
import { DomainError } from "~/domain/errors";
import type { Hex32 } from "./merkle";

/**
 * Format 1: registration records carry titleHash = keccak256(title), which anyone can confirm
 * for a guessed title. Format 2 (registration only) replaces it with titleCommitment =
 * keccak256(salt ‖ title), the 32-byte salt kept by the owner. Licence records are unchanged and
 * stay format 1. Format-1 files keep verifying, byte for byte (pinned in __fixtures__/).
 */
export const CERTIFICATE_FORMAT_V1 = "kilnmark-certificate/1";
export const CERTIFICATE_FORMAT_V2 = "kilnmark-certificate/2";
export type CertificateFormat = typeof CERTIFICATE_FORMAT_V1 | typeof CERTIFICATE_FORMAT_V2;
const CERTIFICATE_FORMATS: readonly CertificateFormat[] = [CERTIFICATE_FORMAT_V1, CERTIFICATE_FORMAT_V2];
export const REGISTRY_DOMAIN_NAME = "Kilnmark Registry";
export const REGISTRY_DOMAIN_VERSION = "1";

export type CertificateKind = "registration" | "license";
export const CERTIFICATE_KINDS: readonly CertificateKind[] = ["registration", "license"];

export function isCertificateKind(v: unknown): v is CertificateKind {
  return typeof v === "string" && (CERTIFICATE_KINDS as readonly string[]).includes(v);
}

const EIP712_DOMAIN_FIELDS: TypedDataField[] = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
];

const VIEW_TYPE: TypedDataField[] = [
  { name: "kind", type: "string" },
  { name: "sha256", type: "bytes32" },
  { name: "pdq", type: "bytes32" },
];

const REGISTRATION_TYPES_V1: Record<string, TypedDataField[]> = {
  Registration: [
    { name: "registrationNumber", type: "string" },
    { name: "titleHash", type: "bytes32" },
    { name: "ownerHash", type: "bytes32" },
    { name: "views", type: "View[]" },
    { name: "registeredAt", type: "uint64" },
    { name: "registryAddress", type: "address" },
    { name: "chainId", type: "uint256" },
  ],
  View: VIEW_TYPE,
};

/** Same struct name, titleHash replaced: a different EIP-712 type hash, so no v1/v2 confusion. */
const REGISTRATION_TYPES_V2: Record<string, TypedDataField[]> = {
  Registration: REGISTRATION_TYPES_V1.Registration.map((f) => (f.name === "titleHash" ? { name: "titleCommitment", type: "bytes32" } : f)),
  View: VIEW_TYPE,
};

const LICENSE_TYPES: Record<string, TypedDataField[]> = {
  License: [
    { name: "licenseNumber", type: "string" },
    { name: "registrationNumber", type: "string" },
    { name: "licenseeHash", type: "bytes32" },
    { name: "termsHash", type: "bytes32" },
    { name: "exclusivity", type: "string" },
    { name: "fields", type: "string[]" },
    { name: "territories", type: "string[]" },
    { name: "termStart", type: "uint64" },
    { name: "termEnd", type: "uint64" },
    { name: "issuedAt", type: "uint64" },
    { name: "registryAddress", type: "address" },
    { name: "chainId", type: "uint256" },
  ],
};

export const PRIMARY_TYPES: Record<CertificateKind, string> = { registration: "Registration", license: "License" };

/** The format a record belongs to: format 2 only for registration records with a commitment. */
function certificateFormatOf(kind: CertificateKind, record: object): CertificateFormat {
  return kind === "registration" && "titleCommitment" in record ? CERTIFICATE_FORMAT_V2 : CERTIFICATE_FORMAT_V1;
}

/** Formats each kind may come in (verification refuses any other pairing). */
export function formatsOfKind(kind: CertificateKind): readonly CertificateFormat[] {
  return kind === "registration" ? CERTIFICATE_FORMATS : [CERTIFICATE_FORMAT_V1];
}

/**
 * Struct types for signing (without EIP712Domain, which ethers derives from the domain). Pass the
 * record (or its format) for registrations: format 1 and 2 differ in one field.
 */
export function certificateTypes(kind: CertificateKind, of: object | CertificateFormat = CERTIFICATE_FORMAT_V2): Record<string, TypedDataField[]> {
  if (kind === "license") return LICENSE_TYPES;
  const format = typeof of === "string" ? of : certificateFormatOf(kind, of);
  return format === CERTIFICATE_FORMAT_V2 ? REGISTRATION_TYPES_V2 : REGISTRATION_TYPES_V1;
}

/** Types as written into the certificate file (with EIP712Domain, as eth_signTypedData_v4 expects). */
export function certificateFileTypes(kind: CertificateKind, of: object | CertificateFormat = CERTIFICATE_FORMAT_V2): Record<string, TypedDataField[]> {
  return { EIP712Domain: EIP712_DOMAIN_FIELDS, ...certificateTypes(kind, of) };
}

type CertificateDomain = { name: string; version: string; chainId: number };

/** chainId 0 means the registry runs without a chain: certificates are signed, never anchored. */
function certificateDomain(chainId: number): CertificateDomain {
  return { name: REGISTRY_DOMAIN_NAME, version: REGISTRY_DOMAIN_VERSION, chainId };
}

type CertificateView = { kind: string; sha256: Hex32; pdq: Hex32 };

type RegistrationCommon = {
  registrationNumber: string;
  ownerHash: Hex32;
  views: CertificateView[];
  registeredAt: number;
  registryAddress: string;
  chainId: number;
};

/** Format 1 (still verified, no longer issued): the title's plain hash. */
type RegistrationRecordV1 = RegistrationCommon & { titleHash: Hex32 };
/** Format 2: the title committed with the owner's salt. */
export type RegistrationRecordV2 = RegistrationCommon & { titleCommitment: Hex32 };
export type RegistrationRecord = RegistrationRecordV1 | RegistrationRecordV2;

export type LicenseRecord = {
  licenseNumber: string;
  registrationNumber: string;
  licenseeHash: Hex32;
  termsHash: Hex32;
  exclusivity: string;
  fields: string[];
  territories: string[];
  termStart: number;
  termEnd: number;
  issuedAt: number;
  registryAddress: string;
  chainId: number;
};

function bad(field: string): never {
  throw new DomainError("BAD_INPUT", "certificates.error.invalidField", { field });
}

function hashText(text: string): Hex32 {
  return keccak256(toUtf8Bytes(text));
}

/** keccak256 of UTF-8 "titleZh\ntitleEn": lets anyone check a displayed title against a certificate. */
export function titleHash(titleZh: string, titleEn: string): Hex32 {
  return hashText(`${titleZh}\n${titleEn}`);
}

/** A fresh random 32-byte salt for a title commitment (0x + 64 hex). */
export function newTitleSalt(): Hex32 {
  return hexlify(randomBytes(32)) as Hex32;
}

/**
 * Format 2: keccak256(salt ‖ UTF-8 "titleZh\ntitleEn"), the salt being 32 bytes. Without the salt
 * a guessed title cannot be confirmed; with salt and title anyone can check the commitment.
 */
export function titleCommitment(salt: string, titleZh: string, titleEn: string): Hex32 {
  return keccak256(concat([hex32(salt, "titleSalt"), toUtf8Bytes(`${titleZh}\n${titleEn}`)])) as Hex32;
}

export function ownerHash(ownerName: string): Hex32 {
  return hashText(ownerName);
}

/** keccak256 of the terms' canonical JSON (RFC 8785, ~/domain/canonical-json). */
export function hashTerms(terms: unknown): Hex32 {
  return hashText(canonicalJson(terms));
}

/** Accepts 64 hex digits with or without 0x (as image hashes are usually stored). */
function hex32(v: string, field: string): Hex32 {
  const s = (v.startsWith("0x") || v.startsWith("0X") ? v.slice(2) : v).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(s)) bad(field);
  return `0x${s}`;
}

function unixSeconds(v: Date | number, field: string): number {
  const s = v instanceof Date ? Math.floor(v.getTime() / 1000) : v;
  if (!Number.isSafeInteger(s) || s < 0) bad(field);
  return s;
}

function address(v: string, field: string): string {
  if (!isAddress(v)) bad(field);
  return getAddress(v);
}

function chainIdOf(v: number): number {
  if (!Number.isSafeInteger(v) || v < 0) bad("chainId");
  return v;
}

function nonEmpty(v: string, field: string): string {
  if (typeof v !== "string" || v.trim() === "") bad(field);
  return v;
}

type RegistrationInput = {
  registrationNumber: string;
  titleZh: string;
  titleEn: string;
  ownerName: string;
  /**
   * The 32-byte salt of the title commitment (format 2). Without it a format-1 record (plain
   * titleHash) is built — only for checking old certificates; issuing always passes a salt.
   */
  titleSalt?: string;
  /** Image hashes per view: SHA-256 of the stored file and the PDQ perceptual hash (64 hex each). */
  views: { kind: string; sha256: string; pdq: string }[];
  registeredAt: Date | number;
  registryAddress: string;
  chainId: number;
};

export function buildRegistrationRecord(input: RegistrationInput): RegistrationRecord {
  if (!Array.isArray(input.views) || input.views.length === 0) bad("views");
  const title =
    input.titleSalt !== undefined
      ? { titleCommitment: titleCommitment(input.titleSalt, input.titleZh ?? "", input.titleEn ?? "") }
      : { titleHash: titleHash(input.titleZh ?? "", input.titleEn ?? "") };
  return {
    registrationNumber: nonEmpty(input.registrationNumber, "registrationNumber"),
    ...title,
    ownerHash: ownerHash(nonEmpty(input.ownerName, "ownerName")),
    views: input.views.map((v, i) => ({
      kind: nonEmpty(v.kind, `views[${i}].kind`),
      sha256: hex32(v.sha256, `views[${i}].sha256`),
      pdq: hex32(v.pdq, `views[${i}].pdq`),
    })),
    registeredAt: unixSeconds(input.registeredAt, "registeredAt"),
    registryAddress: address(input.registryAddress, "registryAddress"),
    chainId: chainIdOf(input.chainId),
  };
}

type LicenseInput = {
  licenseNumber: string;
  registrationNumber: string;
  licenseeName: string;
  /** Machine-readable terms (any JSON); hashed canonically. Or give termsHash directly. */
  terms?: unknown;
  termsHash?: string;
  exclusivity: string;
  fields: string[];
  territories: string[];
  termStart: Date | number;
  termEnd: Date | number;
  issuedAt: Date | number;
  registryAddress: string;
  chainId: number;
};

export function buildLicenseRecord(input: LicenseInput): LicenseRecord {
  const termsHash = input.termsHash !== undefined ? hex32(input.termsHash, "termsHash") : input.terms !== undefined ? hashTerms(input.terms) : bad("terms");
  const termStart = unixSeconds(input.termStart, "termStart");
  const termEnd = unixSeconds(input.termEnd, "termEnd");
  if (termEnd < termStart) bad("termEnd");
  const strings = (list: string[], field: string) => {
    if (!Array.isArray(list)) bad(field);
    return list.map((s, i) => nonEmpty(s, `${field}[${i}]`));
  };
  return {
    licenseNumber: nonEmpty(input.licenseNumber, "licenseNumber"),
    registrationNumber: nonEmpty(input.registrationNumber, "registrationNumber"),
    licenseeHash: hashText(nonEmpty(input.licenseeName, "licenseeName")),
    termsHash,
    exclusivity: nonEmpty(input.exclusivity, "exclusivity"),
    fields: strings(input.fields, "fields"),
    territories: strings(input.territories, "territories"),
    termStart,
    termEnd,
    issuedAt: unixSeconds(input.issuedAt, "issuedAt"),
    registryAddress: address(input.registryAddress, "registryAddress"),
    chainId: chainIdOf(input.chainId),
  };
}

/**
 * One encoder per struct-type table, and one domain separator per chain id: building them is most
 * of what `TypedDataEncoder.hash` costs, and they depend on nothing else. The tables are the
 * module's constants (`certificateTypes`), so they key the map by identity.
 */
const encoders = new WeakMap<Record<string, TypedDataField[]>, TypedDataEncoder>();
const domainSeparators = new Map<number, string>();

/**
 * The EIP-712 digest (what the registry key signs): `TypedDataEncoder.hash(domain, types, record)`,
 * with the encoder and the domain separator kept. Throws if the record does not fit the types.
 */
export function certificateDigest(kind: CertificateKind, record: RegistrationRecord | LicenseRecord): Hex32 {
  const types = certificateTypes(kind, record);
  let encoder = encoders.get(types);
  if (!encoder) encoders.set(types, (encoder = TypedDataEncoder.from(types)));
  const { chainId } = record;
  let separator = Number.isSafeInteger(chainId) ? domainSeparators.get(chainId) : undefined;
  if (separator === undefined) {
    separator = TypedDataEncoder.hashDomain(certificateDomain(chainId));
    if (Number.isSafeInteger(chainId) && domainSeparators.size < 64) domainSeparators.set(chainId, separator);
  }
  return keccak256(concat(["0x1901", separator, encoder.hash(record)])) as Hex32;
}

export function certificateLeaf(kind: CertificateKind, record: RegistrationRecord | LicenseRecord): Hex32 {
  return keccak256(certificateDigest(kind, record));
}

type SignedCertificate = {
  kind: CertificateKind;
  domain: CertificateDomain;
  types: Record<string, TypedDataField[]>;
  primaryType: string;
  record: RegistrationRecord | LicenseRecord;
  signature: string;
  signer: string;
};

/** Anything that signs EIP-712 data: an ethers Wallet, or a remote signer (KMS) behind the same call. */
type TypedDataSigner = {
  getAddress(): Promise<string>;
  signTypedData(domain: CertificateDomain, types: Record<string, TypedDataField[]>, value: Record<string, unknown>): Promise<string>;
};

export async function signCertificate(wallet: TypedDataSigner, kind: CertificateKind, record: RegistrationRecord | LicenseRecord): Promise<SignedCertificate> {
  const signer = getAddress(await wallet.getAddress());
  // A certificate naming one registry but signed by another key would never verify: refuse early.
  if (signer !== getAddress(record.registryAddress)) bad("registryAddress");
  const domain = certificateDomain(record.chainId);
  const signature = await wallet.signTypedData(domain, certificateTypes(kind, record), record as unknown as Record<string, unknown>);
  return { kind, domain, types: certificateFileTypes(kind, record), primaryType: PRIMARY_TYPES[kind], record, signature, signer };
}

type CertificateMerkle = { batchSeq: number; root: Hex32; proof: Hex32[] };
type CertificateAnchor = { chainId: number; contract: string; txHash: string; blockNumber: number };

/**
 * Format 2, owner's copy only: what opens the title commitment. Whoever holds it can show the
 * title is the one registered; the public file never carries it.
 */
export type TitleOpening = { salt: Hex32; titleZh: string; titleEn: string };

export type CertificateFile = SignedCertificate & {
  format: CertificateFormat;
  leaf: Hex32;
  merkle: CertificateMerkle | null;
  anchor: CertificateAnchor | null;
  titleOpening?: TitleOpening;
};

/** True when the opening's salt and title produce the record's commitment. */
export function opensTitleCommitment(record: RegistrationRecord, opening: TitleOpening): boolean {
  if (!("titleCommitment" in record)) return false;
  try {
    return titleCommitment(opening.salt, opening.titleZh, opening.titleEn) === record.titleCommitment.toLowerCase();
  } catch {
    return false;
  }
}

/** The downloadable certificate; call again with merkle/anchor once the batch is anchored. */
export function certificateFile(
  signed: SignedCertificate,
  opts: { merkle?: CertificateMerkle | null; anchor?: CertificateAnchor | null; titleOpening?: TitleOpening } = {},
): CertificateFile {
  if (opts.anchor && !opts.merkle) bad("merkle");
  if (opts.titleOpening && (signed.kind !== "registration" || !opensTitleCommitment(signed.record as RegistrationRecord, opts.titleOpening)))
    bad("titleOpening");
  return {
    format: certificateFormatOf(signed.kind, signed.record),
    kind: signed.kind,
    domain: signed.domain,
    types: signed.types,
    primaryType: signed.primaryType,
    record: signed.record,
    signature: signed.signature,
    signer: signed.signer,
    leaf: certificateLeaf(signed.kind, signed.record),
    merkle: opts.merkle ?? null,
    anchor: opts.anchor ?? null,
    ...(opts.titleOpening ? { titleOpening: opts.titleOpening } : {}),
  };
}
