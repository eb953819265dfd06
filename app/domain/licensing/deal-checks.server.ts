/**
 * The exchange center's automatic checks on a deal request, shown in the review queue and run
 * again inside the approval transaction (where they decide).
 */
import type { Deal } from "@prisma/client";
import { isCompanyProfileComplete } from "~/domain/accounts/update-profile.server";
import { OPEN_CASE_STATUSES } from "~/domain/cases/open-statuses";
import { termsOfRow, type DbOrTx, type TermsRow } from "./deal-access.server";
import { findExclusivityConflicts, type Conflict } from "./overlap";
import { isoDay } from "./iso-day";
import { validateRequestAgainstOffer, type TermsProblem } from "./terms";
import { enumList, enumValue } from "~/domain/enum-column";
import { isExclusivity, isFieldOfUse } from "./vocabulary";

type DealChecks = {
  workRegistered: boolean;
  /**
   * Open cases that dispute the work's own ownership or validity: these hold up approval (an
   * officer may still approve with a recorded reason, see approveDeal's overrideReason).
   */
  openCases: { number: string; status: string }[];
  /** Open reports about copies of the work: shown to the officer, never blocking. */
  copyCases: { number: string; status: string }[];
  profileComplete: boolean;
  conflicts: (Conflict & { reference: string })[];
  outsideOffer: TermsProblem[];
  /** Every check passed: the deal may be approved. */
  ok: boolean;
};

export async function computeDealChecks(
  db: DbOrTx,
  deal: Pick<Deal, "id" | "workId" | "offerId" | "licenseeId" | "countries"> & TermsRow,
): Promise<DealChecks> {
  const [work, offer, licensee, cases, grants] = await Promise.all([
    db.work.findUnique({ where: { id: deal.workId }, select: { status: true } }),
    db.licenseOffer.findUnique({ where: { id: deal.offerId } }),
    db.user.findUnique({ where: { id: deal.licenseeId }, select: { companyName: true, country: true, address: true } }),
    db.infringementCase.findMany({
      where: { status: { in: [...OPEN_CASE_STATUSES] }, works: { some: { workId: deal.workId } } },
      select: { number: true, status: true, works: { where: { workId: deal.workId }, select: { disputesOwnership: true } } },
    }),
    db.deal.findMany({
      where: { workId: deal.workId, status: { in: ["approved", "active"] }, id: { not: deal.id } },
      select: { id: true, reference: true, status: true, exclusivity: true, fields: true, countries: true, termStart: true, termEnd: true },
    }),
  ]);
  const day = (d: Date) => isoDay(new Date(d).getTime());
  const refs = new Map(grants.map((g) => [g.id, g.reference]));
  const conflicts = findExclusivityConflicts(
    {
      exclusivity: enumValue(isExclusivity, deal.exclusivity, "exclusivity"),
      fields: enumList(isFieldOfUse, deal.fields, "field of use"),
      countries: JSON.parse(deal.countries) as string[],
      termStart: day(deal.termStart),
      termEnd: day(deal.termEnd),
    },
    grants.map((g) => ({
      id: g.id,
      status: g.status,
      exclusivity: enumValue(isExclusivity, g.exclusivity, "exclusivity"),
      fields: enumList(isFieldOfUse, g.fields, "field of use"),
      countries: JSON.parse(g.countries) as string[],
      termStart: day(g.termStart),
      termEnd: day(g.termEnd),
    })),
  ).map((c) => ({ ...c, reference: refs.get(c.grantId) ?? c.grantId }));
  const outsideOffer = offer ? validateRequestAgainstOffer(termsOfRow(offer), termsOfRow(deal)) : [];
  const workRegistered = work?.status === "registered";
  const profileComplete = !!licensee && isCompanyProfileComplete(licensee);
  const disputes = cases.filter((c) => c.works.some((w) => w.disputesOwnership)).map(({ number, status }) => ({ number, status }));
  const copyCases = cases.filter((c) => !c.works.some((w) => w.disputesOwnership)).map(({ number, status }) => ({ number, status }));
  return {
    workRegistered,
    openCases: disputes,
    copyCases,
    profileComplete,
    conflicts,
    outsideOffer,
    ok: workRegistered && disputes.length === 0 && profileComplete && conflicts.length === 0 && outsideOffer.length === 0,
  };
}

/**
 * The first failed check as a DomainError's code and message key (for the approval use-case).
 * `disputeOverridden`: an officer approves over an ownership dispute with a recorded reason; every
 * other check still holds.
 */
export function firstFailure(
  c: DealChecks,
  { disputeOverridden = false } = {},
): { code: "CONFLICT" | "UNPROCESSABLE"; key: string; params: Record<string, string | number> } | null {
  if (!c.workRegistered) return { code: "UNPROCESSABLE", key: "licensing.error.workNotRegistered", params: {} };
  if (c.openCases.length && !disputeOverridden) return { code: "CONFLICT", key: "licensing.error.openCase", params: { number: c.openCases[0].number } };
  if (c.conflicts.length) return { code: "CONFLICT", key: `licensing.conflict.${c.conflicts[0].reason}`, params: { reference: c.conflicts[0].reference } };
  if (c.outsideOffer.length) return { code: "UNPROCESSABLE", key: c.outsideOffer[0].messageKey, params: c.outsideOffer[0].params };
  if (!c.profileComplete) return { code: "UNPROCESSABLE", key: "licensing.error.profileIncomplete", params: {} };
  return null;
}
