/**
 * Life of a licence deal. Every move is named by an action so that the use-case that performs it
 * (and the audit event it writes) says what happened, not just the new state.
 *
 *   requested ──ask_changes──▶ changes_requested ──resubmit──▶ requested
 *   requested ──approve──▶ approved ──confirm_payment──▶ active ──expire──▶ expired
 *   requested ──reject──▶ rejected                         active ──terminate──▶ terminated
 *   requested | changes_requested | approved ──cancel──▶ cancelled
 *
 * changes_requested → cancelled is allowed so that a licensee asked for changes can withdraw
 * instead of leaving the deal open for ever. Who may take each action is the use-case's business.
 */
import { enumValue } from "~/domain/enum-column";
import { DomainError } from "~/domain/errors";

export const DEAL_STATES = ["requested", "changes_requested", "approved", "rejected", "cancelled", "active", "expired", "terminated"] as const;
export type DealState = (typeof DEAL_STATES)[number];

export const DEAL_ACTIONS = ["ask_changes", "resubmit", "approve", "reject", "cancel", "confirm_payment", "expire", "terminate"] as const;
export type DealAction = (typeof DEAL_ACTIONS)[number];

const TRANSITIONS: Record<DealState, Partial<Record<DealAction, DealState>>> = {
  requested: { ask_changes: "changes_requested", approve: "approved", reject: "rejected", cancel: "cancelled" },
  changes_requested: { resubmit: "requested", cancel: "cancelled" },
  approved: { confirm_payment: "active", cancel: "cancelled" },
  active: { expire: "expired", terminate: "terminated" },
  rejected: {},
  cancelled: {},
  expired: {},
  terminated: {},
};

function isDealState(v: unknown): v is DealState {
  return typeof v === "string" && (DEAL_STATES as readonly string[]).includes(v);
}

/** A stored deal status, narrowed (throws on a value the code does not know). */
export function asDealState(v: string): DealState {
  return enumValue(isDealState, v, "deal status");
}

/** The state an action leads to, or null when the action is not allowed from `from`. */
export function nextDealState(from: DealState, action: DealAction): DealState | null {
  return TRANSITIONS[from][action] ?? null;
}

export function canTransition(from: DealState, to: DealState): boolean {
  return Object.values(TRANSITIONS[from]).includes(to);
}

export function allowedDealActions(from: DealState): DealAction[] {
  return DEAL_ACTIONS.filter((a) => TRANSITIONS[from][a] !== undefined);
}

export function isTerminalDealState(s: DealState): boolean {
  return allowedDealActions(s).length === 0;
}

/** Deals whose grant counts in the exclusivity conflict check. */
export function dealBlocksGrants(s: DealState): boolean {
  return s === "approved" || s === "active";
}

/** Throws DomainError CONFLICT (409) when the action is not allowed in the deal's current state. */
export function applyDealAction(from: DealState, action: DealAction): DealState {
  const to = nextDealState(from, action);
  if (!to) throw new DomainError("CONFLICT", "licensing.error.badTransition", { from, action });
  return to;
}
