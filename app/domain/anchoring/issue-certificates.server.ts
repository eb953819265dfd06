/**
 * Hooks the registry and licensing use-cases call inside their transactions when a work is
 * registered or a license becomes active: the EIP-712 record is built from the rows, signed by
 * the registry key and stored (with its Merkle leaf) as a Certificate; the next batch picks it up.
 * Idempotent: one certificate per registration or licence number, a second call returns it.
 */
import { canonicalJson } from "~/domain/canonical-json";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { enumValue } from "~/domain/enum-column";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/utils/db.server";
import { certificateChainId, getRegistryWallet } from "./anchoring-config.server";
import {
  isCertificateKind,
  buildLicenseRecord,
  buildRegistrationRecord,
  certificateLeaf,
  newTitleSalt,
  signCertificate,
  type CertificateKind,
  type LicenseRecord,
  type RegistrationRecord,
} from "./certificate";

type IssuedCertificate = { id: string; number: string; kind: CertificateKind; leaf: string; created: boolean };

async function store(
  tx: Tx,
  kind: CertificateKind,
  number: string,
  record: RegistrationRecord | LicenseRecord,
  link: { workId: string; dealId?: string },
): Promise<IssuedCertificate> {
  const signed = await signCertificate(getRegistryWallet(), kind, record);
  const leaf = certificateLeaf(kind, record);
  const row = await tx.certificate.create({
    data: {
      kind,
      number,
      workId: link.workId,
      dealId: link.dealId ?? null,
      record: canonicalJson(signed.record),
      domain: canonicalJson(signed.domain),
      signature: signed.signature,
      signerAddress: signed.signer,
      leaf,
    },
  });
  await recordAuditEvent(tx, {
    actorId: null,
    action: "certificate.issued",
    entityId: row.id,
    data: { kind, number, leaf, signer: signed.signer, chainId: record.chainId },
  });
  return { id: row.id, number, kind, leaf, created: true };
}

async function existing(tx: Tx, number: string): Promise<IssuedCertificate | null> {
  const row = await tx.certificate.findUnique({ where: { number }, select: { id: true, kind: true, leaf: true } });
  return row ? { id: row.id, number, kind: enumValue(isCertificateKind, row.kind, "certificate kind"), leaf: row.leaf, created: false } : null;
}

export async function issueRegistrationCertificate({ tx, workId }: { tx: Tx; workId: string }): Promise<IssuedCertificate> {
  const work = await tx.work.findUnique({
    where: { id: workId },
    include: { views: { orderBy: [{ order: "asc" }, { createdAt: "asc" }], select: { kind: true, sha256: true, pdq: true } } },
  });
  if (!work) throw new DomainError("NOT_FOUND", "certificates.error.workNotFound");
  if (work.status !== "registered" || !work.registrationNumber || !work.registeredAt) {
    throw new DomainError("CONFLICT", "certificates.error.notRegistered");
  }
  const found = await existing(tx, work.registrationNumber);
  if (found) return found;
  // Format 2: the title is committed with a fresh random salt, kept with the work for its owner.
  const salt =
    (await tx.workTitleSalt.findUnique({ where: { workId } }))?.salt ?? (await tx.workTitleSalt.create({ data: { workId, salt: newTitleSalt() } })).salt;
  const record = buildRegistrationRecord({
    registrationNumber: work.registrationNumber,
    titleZh: work.titleZh,
    titleEn: work.titleEn,
    titleSalt: salt,
    ownerName: work.ownerName,
    views: work.views,
    registeredAt: work.registeredAt,
    registryAddress: getRegistryWallet().address,
    chainId: certificateChainId(),
  });
  return store(tx, "registration", work.registrationNumber, record, { workId });
}

export async function issueLicenseCertificate({ tx, dealId }: { tx: Tx; dealId: string }): Promise<IssuedCertificate> {
  const deal = await tx.deal.findUnique({ where: { id: dealId }, include: { work: true, licensee: { select: { name: true } } } });
  if (!deal) throw new DomainError("NOT_FOUND", "certificates.error.dealNotFound");
  if (deal.status !== "active" || !deal.licenseNumber || !deal.work.registrationNumber) {
    throw new DomainError("CONFLICT", "certificates.error.notActive");
  }
  const found = await existing(tx, deal.licenseNumber);
  if (found) return found;
  const record = buildLicenseRecord({
    licenseNumber: deal.licenseNumber,
    registrationNumber: deal.work.registrationNumber,
    licenseeName: licenseeName(deal.licenseeCompany, deal.licensee.name),
    // Frozen at approval (SHA-256 of the canonical terms); the snapshot's hash as a fallback.
    ...(deal.termsHash ? { termsHash: deal.termsHash } : { terms: deal.termsSnapshot ? JSON.parse(deal.termsSnapshot) : null }),
    exclusivity: deal.exclusivity,
    fields: JSON.parse(deal.fields) as string[],
    territories: JSON.parse(deal.territories) as string[],
    termStart: deal.termStart,
    termEnd: deal.termEnd,
    issuedAt: deal.activatedAt ?? new Date(),
    registryAddress: getRegistryWallet().address,
    chainId: certificateChainId(),
  });
  return store(tx, "license", deal.licenseNumber, record, { workId: deal.workId, dealId });
}

/** The name a licence certificate binds: the company frozen at request time, else the user's name. */
export function licenseeName(companyJson: string, userName: string): string {
  try {
    const c = JSON.parse(companyJson) as { companyName?: string | null };
    if (c.companyName && c.companyName.trim()) return c.companyName.trim();
  } catch {
    /* a malformed snapshot: fall back to the account name */
  }
  return userName;
}
