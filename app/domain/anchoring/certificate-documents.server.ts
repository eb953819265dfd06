/**
 * Certificate PDFs from the stored certificate rows (app/domain/documents does the drawing).
 * Sealed works print no image and no title (registration: "—"; licence: "details sealed"). The QR code points to /verify/certificate?number=….
 */
import { paperWorkTitle, redactWork } from "~/domain/access/sealed-work";
import { registrationCertificatePdf } from "~/domain/documents/registration-certificate-pdf.server";
import { licenseCertificatePdf } from "~/domain/documents/license-certificate-pdf.server";
import { readDerivative } from "~/domain/imaging/ingest-image.server";
import { termsOfRow } from "~/domain/licensing/deal-access.server";
import { summarizeTerms } from "~/domain/licensing/terms";
import { getEnv } from "~/utils/env.server";
import { translate } from "~/utils/i18n";
import { getRegistrationCertificate } from "./get-certificate-file.server";
import { getLicenseCertificate } from "./get-license-certificate.server";
import { licenseeName } from "./issue-certificates.server";

export function verifyUrl(origin: string, number: string) {
  return `${origin}/verify/certificate?number=${encodeURIComponent(number)}`;
}

async function frontImage(sha256: string | undefined): Promise<Buffer | null> {
  if (!sha256) return null;
  try {
    return await readDerivative(getEnv().DATA_DIR, sha256, 1280);
  } catch {
    return null; // no display derivative: the certificate prints the hashes only
  }
}

export async function registrationCertificateDocument({ registrationNumber, origin }: { registrationNumber: string; origin: string }): Promise<Buffer | null> {
  const got = await getRegistrationCertificate({ registrationNumber });
  if (!got) return null;
  const { work, file } = got;
  const front = work.views.find((v) => v.kind === "front") ?? work.views[0];
  const face = redactWork({ ...work, imageSha256: front?.sha256 ?? null }, "registrationCertificate");
  return registrationCertificatePdf({
    registrationNumber,
    titleZh: face.title?.zh ?? "—",
    titleEn: face.title?.en ?? "—",
    ownerName: work.ownerName,
    authors: (face.authors ?? []).map((a) => [a.name, a.nameEn].filter(Boolean).join(" / ")),
    createdOn: face.creationDate,
    registeredAt: work.registeredAt ?? got.row.createdAt,
    issuedAt: got.row.createdAt,
    sealed: face.sealed,
    frontImage: face.imageSha256 ? await frontImage(face.imageSha256) : null,
    views: work.views.map((v) => ({ kind: v.kind, sha256: v.sha256, pdq: v.pdq })),
    signer: file.signer,
    signature: file.signature,
    leaf: file.leaf,
    merkleRoot: file.merkle?.root ?? null,
    anchor: file.anchor ? { chainId: file.anchor.chainId, txHash: file.anchor.txHash, blockNumber: file.anchor.blockNumber } : null,
    verifyUrl: verifyUrl(origin, registrationNumber),
  });
}

export async function licenseCertificateDocument({ reference, user, origin }: { reference: string; user: { id: string; roles: string[] }; origin: string }) {
  const got = await getLicenseCertificate({ reference, user });
  if (!got) return null;
  const { deal, file } = got;
  const terms = termsOfRow(deal);
  // A sealed work's title stays sealed on paper too: licence PDFs travel beyond the parties.
  const title = paperWorkTitle(redactWork(deal.work, "licenceCertificate"));
  const pdf = await licenseCertificatePdf({
    licenseNumber: deal.licenseNumber!,
    registrationNumber: deal.work.registrationNumber ?? "",
    workTitleZh: title.zh,
    workTitleEn: title.en,
    licensorName: deal.work.ownerName,
    licenseeName: licenseeName(deal.licenseeCompany, deal.licensee.name),
    termsLines: [...summarizeTerms(terms, "zh-CN"), ...summarizeTerms(terms, "en")],
    termStart: deal.termStart,
    termEnd: deal.termEnd,
    issuedAt: deal.activatedAt ?? deal.certificate!.createdAt,
    signer: file.signer,
    signature: file.signature,
    leaf: file.leaf,
    verifyUrl: verifyUrl(origin, deal.licenseNumber!),
  });
  return { pdf, licenseNumber: deal.licenseNumber! };
}
