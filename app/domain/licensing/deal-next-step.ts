/**
 * "What happens next, and by when" for the licensee's deal page, per deal state. Pure.
 *
 * The exchange centre's review target is DEAL_REVIEW_WORKING_DAYS working days (PRC calendar,
 * the same working-day rules as the case SLA), counted from the request or its resubmission.
 * Payment after approval: the licence starts only once the upfront payment is confirmed, so the
 * licensee is asked to pay before the term starts; a term that has already begun is paid "now".
 */
import { workingDayDeadline } from "~/domain/cases/sla";
import { DAY_MS } from "./iso-day";

export const DEAL_REVIEW_WORKING_DAYS = 5;

export type DealNextStep =
  | { kind: "review"; dueAt: string; days: number }
  | { kind: "changes" }
  | { kind: "pay"; payBy: string | null }
  | { kind: "scheduled"; starts: string; lastDay: string }
  | { kind: "active"; lastDay: string }
  | { kind: "final"; status: string };

export function dealNextStep(
  deal: { status: string; createdAt: Date; reviewedAt: Date | null; updatedAt: Date; termStart: Date; termEnd: Date },
  now: Date,
): DealNextStep {
  switch (deal.status) {
    case "requested": {
      // A resubmitted request (reviewed before) restarts the clock at its last change.
      const from = deal.reviewedAt ? deal.updatedAt : deal.createdAt;
      return { kind: "review", dueAt: workingDayDeadline(from, DEAL_REVIEW_WORKING_DAYS).toISOString(), days: DEAL_REVIEW_WORKING_DAYS };
    }
    case "changes_requested":
      return { kind: "changes" };
    case "approved":
      return { kind: "pay", payBy: deal.termStart.getTime() > now.getTime() ? deal.termStart.toISOString() : null };
    case "active": {
      // Terms store the exclusive end; people are told the last day the licence covers.
      const lastDay = new Date(deal.termEnd.getTime() - DAY_MS).toISOString();
      // Granted but its term has not begun: not in force yet (see license-standing.ts).
      if (deal.termStart.getTime() > now.getTime()) return { kind: "scheduled", starts: deal.termStart.toISOString(), lastDay };
      return { kind: "active", lastDay };
    }
    default:
      return { kind: "final", status: deal.status };
  }
}
