/**
 * The downloadable certificate file of a stored Certificate row: the signed record with its
 * EIP-712 domain and types, the Merkle proof once batched, the anchor once on chain. Records hold
 * only hashes (title, owner, images), so a sealed work's certificate reveals nothing of the work;
 * since format 2 the title is committed with a salt only the owner gets (see certificate.ts).
 */
import type { AnchorBatch, Certificate } from "@prisma/client";
import { prisma } from "~/utils/db.server";
import {
  certificateFile,
  certificateFileTypes,
  certificateTypes,
  PRIMARY_TYPES,
  type CertificateFile,
  type CertificateKind,
  type LicenseRecord,
  type RegistrationRecord,
  type TitleOpening,
} from "./certificate";

/** Stored records are canonical JSON (sorted keys); files list fields in the types' order. */
function ordered(kind: CertificateKind, record: Record<string, unknown>): RegistrationRecord | LicenseRecord {
  const types = certificateTypes(kind, record);
  const pick = (typeName: string, value: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      types[typeName].map((f) => {
        const v = value[f.name];
        const inner = f.type.replace(/\[\]$/, "");
        if (types[inner] && Array.isArray(v)) return [f.name, v.map((x) => pick(inner, x as Record<string, unknown>))];
        return [f.name, v];
      }),
    );
  return pick(PRIMARY_TYPES[kind], record) as RegistrationRecord | LicenseRecord;
}

export function certificateFileOf(row: Certificate & { batch: AnchorBatch | null }, opts: { titleOpening?: TitleOpening } = {}): CertificateFile {
  const kind = row.kind as CertificateKind;
  const record = ordered(kind, JSON.parse(row.record) as Record<string, unknown>);
  const signed = {
    kind,
    domain: JSON.parse(row.domain) as CertificateFile["domain"],
    types: certificateFileTypes(kind, record),
    primaryType: PRIMARY_TYPES[kind],
    record,
    signature: row.signature,
    signer: row.signerAddress,
  };
  const b = row.batch;
  const merkle = b && row.proof ? { batchSeq: b.seq, root: b.root, proof: JSON.parse(row.proof) as string[] } : null;
  const anchor =
    merkle && b && b.status === "anchored" && b.txHash && b.blockNumber != null && b.chainId != null && b.contractAddress
      ? { chainId: b.chainId, contract: b.contractAddress, txHash: b.txHash, blockNumber: b.blockNumber }
      : null;
  return certificateFile(signed, { merkle, anchor, titleOpening: opts.titleOpening });
}

/** A registration certificate by registration number (public: the record holds only hashes). */
export async function getRegistrationCertificate({ registrationNumber }: { registrationNumber: string }) {
  const row = await prisma.certificate.findFirst({
    where: { number: registrationNumber, kind: "registration", work: { status: { in: ["registered", "revoked"] } } },
    include: { batch: true, work: { include: { views: { orderBy: [{ order: "asc" }, { createdAt: "asc" }] }, authors: { orderBy: { order: "asc" } } } } },
  });
  if (!row || !row.work) return null;
  return { row, work: row.work, file: certificateFileOf(row) };
}
