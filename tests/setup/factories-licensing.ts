/**
 * Licensing test data. Works are written directly as "registered" (the registry's use-cases are
 * another area's and need images); everything licensing does goes through its use-cases.
 */
import type { PrismaClient } from "@prisma/client";
import { formatRegistrationNumber } from "~/domain/registry/registration-number";
import type { LicenseTerms } from "~/domain/licensing/terms";

let seq = 500_000 + Math.floor(Math.random() * 100_000);

export async function createRegisteredWork(
  db: PrismaClient,
  {
    ownerUserId,
    ownerOrgId,
    visibility = "public",
    title = "青花缠枝莲纹瓶",
    techniques = ["qinghua"],
  }: { ownerUserId?: string; ownerOrgId?: string; visibility?: "public" | "sealed"; title?: string; techniques?: string[] },
) {
  const creator = ownerUserId ?? (await db.membership.findFirstOrThrow({ where: { organizationId: ownerOrgId } })).userId;
  return db.work.create({
    data: {
      status: "registered",
      visibility,
      titleZh: title,
      titleEn: `${title} (en)`,
      category: "vase",
      techniques: JSON.stringify(techniques),
      ownerUserId: ownerUserId ?? null,
      ownerOrgId: ownerOrgId ?? null,
      ownerName: "Test owner",
      createdById: creator,
      registrationNumber: formatRegistrationNumber(2026, ++seq),
      submittedAt: new Date(),
      registeredAt: new Date(),
    },
  });
}

export function terms(overrides: Partial<LicenseTerms> = {}): LicenseTerms {
  return {
    exclusivity: "non_exclusive",
    fields: ["tableware", "home_decor"],
    territories: ["eu", "mainland_china"],
    productionRequirement: "any",
    termStart: "2026-01-01",
    termEnd: "2028-01-01",
    upfrontFeeFen: 1_234_550,
    royaltyBps: 500,
    minimumGuaranteeFen: 2_000_000,
    sublicensing: false,
    attribution: true,
    modifications: false,
    ...overrides,
  };
}

export async function completeProfile(db: PrismaClient, userId: string, companyName = "Tablefine GmbH") {
  await db.user.update({ where: { id: userId }, data: { companyName, country: "DE", address: "Selb, Bavaria" } });
}
