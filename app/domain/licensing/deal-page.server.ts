/**
 * The deal page (/deals/:reference) as a read model: who may see a deal, and what each viewer —
 * the licensee, a manager of the work, staff — sees of it. Strangers get null (the route answers
 * 404, the same as a missing deal: references are not to be probed).
 */
import { managesWork } from "~/domain/access/work-managers.server";
import { hasPermission } from "~/domain/access/roles.server";
import { bankDetails } from "~/domain/payments/bank-details.server";
import { payoutLine, payoutTotals } from "~/domain/payments/payout";
import type { Env } from "~/utils/env.server";
import { computeDealChecks } from "./deal-checks.server";
import { payeeUser, termsOfRow, type DbOrTx } from "./deal-access.server";
import { dealNextStep } from "./deal-next-step";
import { allowedDealActions, asDealState } from "./deal-state";
import { REPORTING_STATES } from "./file-royalty-report.server";
import { isoDay } from "./iso-day";
import { dealStanding } from "./license-standing";
import { publicWork, scopeDefaults, summaries } from "./offer-face";
import { hasPeriodEnded, royaltyPeriods } from "./royalty-periods";
import { isRegionCode } from "./territories";
import { EXCLUSIVITIES, exclusivityRank } from "./vocabulary";

type Viewer = { id: string; roles: readonly string[] };

/** What the licensee's and the officer's deal pages both show of a payment. */
export function paymentRow(p: {
  id: string;
  purpose: string;
  status: string;
  method: string;
  amountFen: number;
  receivedOn: Date | null;
  reportedPaidAt: Date | null;
}) {
  return {
    id: p.id,
    purpose: p.purpose,
    status: p.status,
    method: p.method,
    amountFen: p.amountFen,
    receivedOn: p.receivedOn,
    reportedPaidAt: p.reportedPaidAt,
    receipt: p.status === "succeeded",
  };
}

/** The deal with everything its page shows, and the viewer's relation to it; null when the viewer may not see it. */
export async function findDealForViewer({ db, reference, viewer }: { db: DbOrTx; reference: string; viewer: Viewer }) {
  const deal = await db.deal.findUnique({
    where: { reference },
    include: {
      work: true,
      offer: true,
      licensee: { select: { id: true, name: true, email: true } },
      payments: { orderBy: { createdAt: "asc" } },
      royaltyReports: { orderBy: { periodStart: "asc" } },
      certificate: { select: { kind: true } },
    },
  });
  if (!deal) return null;
  const isLicensee = deal.licenseeId === viewer.id;
  const isManager = await managesWork(db, viewer.id, deal.workId);
  const isStaff = hasPermission(viewer.roles, "deal:review");
  if (!isLicensee && !isManager && !isStaff) return null;
  return { deal, isLicensee, isManager, isStaff };
}

type DealForViewer = NonNullable<Awaited<ReturnType<typeof findDealForViewer>>>;

/** The artisan's payout statement: gross, fee, net and payout status per payment, in integer fen. */
function payoutView(payments: DealForViewer["deal"]["payments"]) {
  const lines = payments.map((p) => ({
    id: p.id,
    purpose: p.purpose,
    receivedOn: p.receivedOn,
    payoutMadeOn: p.payoutMadeOn,
    payoutReference: p.payoutReference,
    ...payoutLine(p),
  }));
  return { lines, totals: payoutTotals(lines) };
}

type LicenseeCompany = { companyName: string | null; country: string | null; address: string | null };

/** What the deal page shows to this viewer. Money splits are for the work's managers and staff only. */
export async function dealPageView({
  db,
  env,
  viewed,
  now = new Date(),
}: {
  db: DbOrTx;
  env: Pick<Env, "STRIPE_SECRET_KEY" | "BANK_NAME" | "BANK_ACCOUNT_NAME" | "BANK_ACCOUNT_NUMBER">;
  viewed: DealForViewer;
  now?: Date;
}) {
  const { deal, isLicensee, isManager, isStaff } = viewed;
  const online = !!env.STRIPE_SECRET_KEY;
  const payee = online ? await payeeUser(db, deal.work) : null;
  const terms = termsOfRow(deal);
  const offerTerms = termsOfRow(deal.offer);
  const status = asDealState(deal.status);
  const reporting = deal.royaltyBps > 0 && (REPORTING_STATES as readonly string[]).includes(status);
  const filed = new Set(deal.royaltyReports.map((r) => isoDay(r.periodStart.getTime())));
  const periods = reporting ? royaltyPeriods(isoDay(deal.termStart.getTime()), isoDay(deal.termEnd.getTime())) : [];
  const nextPeriod = periods.find((p) => !filed.has(p.start)) ?? null;
  const showMoneySplit = isManager || isStaff;
  // Tell the licensee why a request waits when an ownership dispute holds it up (not which case).
  const waitingDispute = status === "requested" && (await computeDealChecks(db, deal)).openCases.length > 0;
  return {
    deal: {
      reference: deal.reference,
      status,
      standing: dealStanding(deal, now),
      waitingDispute,
      licenseNumber: deal.licenseNumber,
      reviewReason: deal.reviewReason,
      endReason: deal.endReason,
      termsHash: deal.termsHash,
      message: deal.message,
      createdAt: deal.createdAt,
      activatedAt: deal.activatedAt,
      royaltyBps: deal.royaltyBps,
      company: JSON.parse(deal.licenseeCompany) as LicenseeCompany,
    },
    work: showMoneySplit ? { ...publicWork({ ...deal.work, visibility: "public" }) } : publicWork(deal.work),
    offerId: deal.offerId,
    summaries: summaries(terms),
    defaults: scopeDefaults(terms),
    allowed: {
      exclusivities: EXCLUSIVITIES.filter((e) => exclusivityRank(e) <= exclusivityRank(offerTerms.exclusivity)),
      fields: offerTerms.fields,
      regions: offerTerms.territories.filter(isRegionCode),
    },
    actions: allowedDealActions(status),
    nextStep: isLicensee ? dealNextStep(deal, now) : null,
    isLicensee,
    isManager,
    hasCertificate: deal.certificate?.kind === "license",
    payments: deal.payments.map((p) => ({
      ...paymentRow(p),
      feeFen: showMoneySplit ? p.feeFen : null,
      payoutFen: showMoneySplit ? p.payoutFen : null,
      royaltyReportId: p.royaltyReportId,
      hasSlip: !!p.slipSha256 && (isLicensee || isStaff),
    })),
    payout: showMoneySplit ? payoutView(deal.payments) : null,
    online,
    payeeConnected: !!payee?.stripeAccountId,
    // Null when not configured: the page says instructions will follow, never a placeholder.
    bank: bankDetails(env),
    royalty: reporting
      ? {
          reports: deal.royaltyReports.map((r) => ({
            id: r.id,
            periodStart: isoDay(r.periodStart.getTime()),
            periodEnd: isoDay(r.periodEnd.getTime() - 86_400_000),
            units: r.units,
            netSalesFen: r.netSalesFen,
            royaltyDueFen: r.royaltyDueFen,
            topUpFen: r.topUpFen,
            status: r.status,
          })),
          nextPeriod: nextPeriod
            ? {
                start: nextPeriod.start,
                lastDay: isoDay(Date.parse(nextPeriod.end) - 86_400_000),
                ended: hasPeriodEnded(nextPeriod, now),
                closesYear: nextPeriod.closesYear,
              }
            : null,
        }
      : null,
  };
}
