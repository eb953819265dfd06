import type { PrismaClient } from "@prisma/client";
import { redactWork } from "~/domain/access/sealed-work";
import { DAY_MS, isoDay } from "./iso-day";
import { normalizeLicenseNumber, parseLicenseNumber } from "./license-number";
import { enumValue } from "~/domain/enum-column";
import { dealStanding, isLicenseStanding, type LicenseStanding } from "./license-standing";

/**
 * What anyone (a platform, customs) may learn about a licence from its number: enough to check a
 * seller, nothing of the money. A sealed work's title stays sealed.
 */
type PublicLicense = {
  licenseNumber: string;
  /** "scheduled": granted, term not yet begun (not in force); "active": in force today. */
  status: LicenseStanding;
  work: { registrationNumber: string | null; title: { zh: string; en: string } | null; sealed: boolean };
  licensee: { companyName: string };
  exclusivity: string;
  fields: string[];
  territories: string[];
  productionRequirement: string;
  /** end is exclusive (the first day the licence no longer runs); lastDay is inclusive. */
  term: { start: string; end: string; lastDay: string };
  activatedAt: string | null;
  endedAt: string | null;
  termsHash: string | null;
};

type LicenseLookup = { kind: "invalid" } | { kind: "not_found" } | { kind: "found"; license: PublicLicense };

export async function getPublicLicense({
  db,
  licenseNumber,
  now = new Date(),
}: {
  db: PrismaClient;
  licenseNumber: string;
  now?: Date;
}): Promise<LicenseLookup> {
  const n = normalizeLicenseNumber(licenseNumber);
  if (!parseLicenseNumber(n)) return { kind: "invalid" };
  const deal = await db.deal.findUnique({
    where: { licenseNumber: n },
    include: { work: { select: { registrationNumber: true, titleZh: true, titleEn: true, visibility: true } } },
  });
  if (!deal || !["active", "expired", "terminated"].includes(deal.status)) return { kind: "not_found" };
  const company = JSON.parse(deal.licenseeCompany) as { companyName?: string | null; name?: string };
  const face = redactWork({ ...deal.work, ownerName: "" }, "publicLicence");
  return {
    kind: "found",
    license: {
      licenseNumber: n,
      status: enumValue(isLicenseStanding, dealStanding(deal, now), "licence standing"),
      work: {
        registrationNumber: deal.work.registrationNumber,
        title: face.title,
        sealed: face.sealed,
      },
      licensee: { companyName: company.companyName || company.name || "" },
      exclusivity: deal.exclusivity,
      fields: JSON.parse(deal.fields) as string[],
      territories: JSON.parse(deal.territories) as string[],
      productionRequirement: deal.productionRequirement,
      term: { start: isoDay(deal.termStart.getTime()), end: isoDay(deal.termEnd.getTime()), lastDay: isoDay(deal.termEnd.getTime() - DAY_MS) },
      activatedAt: deal.activatedAt?.toISOString() ?? null,
      endedAt: deal.endedAt?.toISOString() ?? null,
      termsHash: deal.termsHash,
    },
  };
}
