import type { PrismaClient } from "@prisma/client";
import { getPublicLicense } from "~/domain/licensing/get-public-license.server";

export const LICENSE_CHECK_RESULTS = ["valid", "other_work", "inactive", "not_found", "invalid"] as const;
type LicenseCheckResult = (typeof LICENSE_CHECK_RESULTS)[number];

export type LicenseCheck = { result: LicenseCheckResult; licenseNumber: string; status?: string; registrationNumber?: string | null; licensee?: string };

/**
 * Checks a licence number the respondent gives against the exchange center's licences:
 * "valid" only for an active licence (term not over) on one of the case's works. Says nothing
 * about scope (field, territory): the officer reads the licence for that.
 */
export async function checkCaseLicense({
  db,
  caseId,
  licenseNumber,
  now = new Date(),
}: {
  db: PrismaClient;
  caseId: string;
  licenseNumber: string;
  now?: Date;
}): Promise<LicenseCheck> {
  const lookup = await getPublicLicense({ db, licenseNumber, now });
  if (lookup.kind === "invalid") return { result: "invalid", licenseNumber };
  if (lookup.kind === "not_found") return { result: "not_found", licenseNumber };
  const l = lookup.license;
  const works = await db.caseWork.findMany({ where: { caseId }, select: { work: { select: { registrationNumber: true } } } });
  const base = { licenseNumber: l.licenseNumber, status: l.status, registrationNumber: l.work.registrationNumber, licensee: l.licensee.companyName };
  if (!works.some((w) => w.work.registrationNumber && w.work.registrationNumber === l.work.registrationNumber)) return { ...base, result: "other_work" };
  if (l.status !== "active") return { ...base, result: "inactive" };
  return { ...base, result: "valid" };
}
