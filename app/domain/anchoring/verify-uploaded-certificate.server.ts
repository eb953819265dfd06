/**
 * /verify/certificate: the offline checks of verify-certificate.ts (with the on-chain check when
 * an RPC is configured), plus what only the registry can say — whether the record still matches
 * the registry's copy, whether the work was revoked since, and whether the certificate has been
 * batched or anchored since the file was downloaded.
 */
import { JsonRpcProvider } from "ethers";
import { prisma } from "~/utils/db.server";
import { getAnchorConfig, getRegistryWallet } from "./anchoring-config.server";
import { canonicalJson } from "~/domain/canonical-json";
import type { LicenseRecord, RegistrationRecord } from "./certificate";
import { verifyCertificateFile, type VerificationResult } from "./verify-certificate";

type RegistryComparison =
  | { state: "unknown"; number: string | null }
  | { state: "differs"; number: string; fields: string[] }
  | { state: "matches"; number: string; revoked: boolean; batchSeq: number | null; batchStatus: string | null; fileHasBatch: boolean; fileHasAnchor: boolean };

type UploadedVerification = { result: VerificationResult; registry: RegistryComparison; registryAddress: string; chainChecked: boolean };

export async function verifyUploadedCertificate({ text }: { text: string }): Promise<UploadedVerification> {
  const config = getAnchorConfig();
  const registryAddress = getRegistryWallet().address;
  const provider = config ? new JsonRpcProvider(config.rpcUrl, config.chainId, { staticNetwork: true }) : undefined;
  let result: VerificationResult;
  try {
    result = await verifyCertificateFile(text, { expectedAddress: registryAddress, provider });
  } finally {
    provider?.destroy();
  }
  return { result, registry: await compare(text, result), registryAddress, chainChecked: !!provider };
}

async function compare(text: string, result: VerificationResult): Promise<RegistryComparison> {
  if (result.checks[0]?.name !== "format" || !result.checks[0].ok) return { state: "unknown", number: null };
  const f = JSON.parse(text) as { kind: string; record: RegistrationRecord | LicenseRecord; signature: string; merkle: unknown; anchor: unknown };
  const number = f.kind === "license" ? (f.record as LicenseRecord).licenseNumber : (f.record as RegistrationRecord).registrationNumber;
  const row = await prisma.certificate.findUnique({ where: { number }, include: { batch: true, work: { select: { status: true } } } });
  if (!row || row.kind !== f.kind) return { state: "unknown", number };
  if (row.record !== canonicalJson(f.record) || row.signature !== f.signature)
    return {
      state: "differs",
      number,
      fields: differingFields(JSON.parse(row.record) as Record<string, unknown>, f.record as unknown as Record<string, unknown>, row.signature !== f.signature),
    };
  return {
    state: "matches",
    number,
    revoked: row.work?.status === "revoked",
    batchSeq: row.batch?.seq ?? null,
    batchStatus: row.batch?.status ?? null,
    fileHasBatch: f.merkle !== null,
    fileHasAnchor: f.anchor !== null,
  };
}

/**
 * Which of the file's fields differ from the registry's copy, by the names the file itself uses
 * (e.g. "exclusivity", "termEnd"), so a refused certificate says what was changed. Only the
 * signature when the record is the same.
 */
function differingFields(registry: Record<string, unknown>, file: Record<string, unknown>, signatureDiffers: boolean): string[] {
  const keys = [...new Set([...Object.keys(registry), ...Object.keys(file)])];
  const fields = keys.filter((k) => canonicalJson(registry[k] ?? null) !== canonicalJson(file[k] ?? null));
  return fields.length ? fields : signatureDiffers ? ["signature"] : [];
}
