import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { hasKey } from "~/utils/i18n";
import {
  DEAL_ACTIONS,
  DEAL_STATES,
  allowedDealActions,
  applyDealAction,
  canTransition,
  dealBlocksGrants,
  isTerminalDealState,
  nextDealState,
  type DealAction,
  type DealState,
} from "./deal-state";

/** The whole allowed graph, written out independently of the implementation's table. */
const ALLOWED: [DealState, DealAction, DealState][] = [
  ["requested", "ask_changes", "changes_requested"],
  ["changes_requested", "resubmit", "requested"],
  ["requested", "approve", "approved"],
  ["requested", "reject", "rejected"],
  ["requested", "cancel", "cancelled"],
  ["changes_requested", "cancel", "cancelled"],
  ["approved", "confirm_payment", "active"],
  ["approved", "cancel", "cancelled"],
  ["active", "expire", "expired"],
  ["active", "terminate", "terminated"],
];

describe("deal state machine", () => {
  for (const from of DEAL_STATES) {
    for (const action of DEAL_ACTIONS) {
      const hit = ALLOWED.find(([f, a]) => f === from && a === action);
      if (hit) {
        it(`${from} --${action}--> ${hit[2]}`, () => {
          expect(nextDealState(from, action)).toBe(hit[2]);
          expect(applyDealAction(from, action)).toBe(hit[2]);
        });
      } else {
        it(`${from} --${action}--> refused`, () => {
          expect(nextDealState(from, action)).toBeNull();
          let err: unknown;
          try {
            applyDealAction(from, action);
          } catch (e) {
            err = e;
          }
          expect(err).toBeInstanceOf(DomainError);
          expect((err as DomainError).code).toBe("CONFLICT");
          expect((err as DomainError).messageKey).toBe("licensing.error.badTransition");
        });
      }
    }
  }

  it("canTransition agrees with the table for every pair of states", () => {
    for (const from of DEAL_STATES)
      for (const to of DEAL_STATES) expect(canTransition(from, to), `${from}->${to}`).toBe(ALLOWED.some(([f, , t]) => f === from && t === to));
  });

  it("knows terminal states, allowed actions and which states block other grants", () => {
    expect(DEAL_STATES.filter(isTerminalDealState)).toEqual(["rejected", "cancelled", "expired", "terminated"]);
    expect(allowedDealActions("approved")).toEqual(["cancel", "confirm_payment"]);
    expect(DEAL_STATES.filter(dealBlocksGrants)).toEqual(["approved", "active"]);
  });

  it("has labels for every state and action", () => {
    for (const s of DEAL_STATES) expect(hasKey(`licensing.deal.state.${s}`), s).toBe(true);
    for (const a of DEAL_ACTIONS) expect(hasKey(`licensing.deal.action.${a}`), a).toBe(true);
  });
});
