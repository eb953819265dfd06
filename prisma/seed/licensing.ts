import type { SeedStep } from "../seed";
import { createOffer } from "~/domain/licensing/create-offer.server";
import { requestDeal } from "~/domain/licensing/request-deal.server";
import { approveDeal } from "~/domain/licensing/approve-deal.server";
import { confirmOfflinePayment } from "~/domain/payments/confirm-offline-payment.server";
import { bankDetails } from "~/domain/payments/bank-details.server";
import type { LicenseTerms } from "~/domain/licensing/terms";

/**
 * Demo data for the licensing area, created through its real use-cases on works the registry
 * seed registered: three offers (one exclusive), a request from PopClay waiting for review, and
 * an active licence for Tablefine settled by bank transfer (so /verify/license has one to show).
 */
export const seedLicensing: SeedStep = async ({ db, users }) => {
  const works = await db.work.findMany({
    where: { status: "registered", visibility: "public" },
    orderBy: { registrationNumber: "asc" },
    include: { ownerOrg: { include: { memberships: { include: { user: { include: { roles: true } } } } } } },
    take: 3,
  });
  if (works.length < 2) {
    console.warn(`[seed] licensing demo skipped: it needs 2 registered public works, found ${works.length}`);
    return;
  }
  // Who publishes: the owner, or an artisan member of the owning studio.
  const publisher = (w: (typeof works)[number]) =>
    w.ownerUserId ?? w.ownerOrg?.memberships.find((m) => m.user.roles.some((r) => r.name === "artisan"))?.userId ?? w.createdById;

  const year = new Date().getUTCFullYear();
  const base = { productionRequirement: "any", sublicensing: false, attribution: true, modifications: false } as const;
  const exclusiveToys: LicenseTerms = {
    ...base,
    exclusivity: "exclusive",
    fields: ["designer_toys"],
    territories: ["mainland_china", "hk_mo_tw"],
    productionRequirement: "jdz_mark",
    termStart: `${year}-01-01`,
    termEnd: `${year + 3}-01-01`,
    upfrontFeeFen: 8_000_000,
    royaltyBps: 600,
    minimumGuaranteeFen: 5_000_000,
  };
  const tableware: LicenseTerms = {
    ...base,
    exclusivity: "non_exclusive",
    fields: ["tableware", "home_decor"],
    territories: ["eu", "north_america"],
    termStart: `${year}-01-01`,
    termEnd: `${year + 2}-01-01`,
    upfrontFeeFen: 1_200_000,
    royaltyBps: 500,
    minimumGuaranteeFen: 0,
  };
  const stationery: LicenseTerms = {
    ...base,
    exclusivity: "non_exclusive",
    fields: ["stationery", "packaging", "digital"],
    territories: ["worldwide"],
    termStart: `${year}-01-01`,
    termEnd: `${year + 2}-01-01`,
    upfrontFeeFen: 300_000,
    royaltyBps: 0,
    minimumGuaranteeFen: 0,
  };

  const toys = await createOffer({
    db,
    actorId: publisher(works[0]),
    workId: works[0].id,
    terms: exclusiveToys,
    notes: "潮玩独家授权，须由景德镇制证明商标使用人生产。",
  });
  const plates = await createOffer({ db, actorId: publisher(works[1]), workId: works[1].id, terms: tableware });
  const w3 = works[2] ?? works[1];
  await createOffer({ db, actorId: publisher(w3), workId: w3.id, terms: stationery });

  const popclay = users["licensee.popclay@kilnmark.test"].id;
  const tablefine = users["licensee.tablefine@kilnmark.test"].id;
  const officer = users["officer.li@kilnmark.test"].id;

  await requestDeal({
    db,
    actorId: popclay,
    offerId: toys.id,
    terms: { ...exclusiveToys, territories: ["mainland_china"] },
    message: "盲盒系列，首批 5,000 件。",
  });

  const deal = await requestDeal({
    db,
    actorId: tablefine,
    offerId: plates.id,
    terms: { ...tableware, fields: ["tableware"], territories: ["eu"] },
    message: "Porcelain dinner plates for the EU market.",
  });
  // The demo's settled deal is history, paid and confirmed at once: it must seed even while this
  // install has no bank account configured (approval only checks that one exists; nothing is stored).
  const settledBefore = { bankName: "demo seed", accountName: "demo seed", accountNumber: "demo seed" };
  const { paymentId } = await approveDeal({ db, actorId: officer, dealId: deal.id, paymentMethod: "offline", bank: bankDetails() ?? settledBefore });
  await confirmOfflinePayment({ db, actorId: officer, paymentId: paymentId!, amountFen: tableware.upfrontFeeFen, receivedOn: new Date() });
};
