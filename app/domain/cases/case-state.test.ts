import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { hasKey } from "~/utils/i18n";
import {
  CASE_ACTORS,
  CASE_EVENT_TYPES,
  CASE_STATUSES,
  REFUSAL_REASONS,
  RESOLUTIONS,
  appealDeadline,
  availableEvents,
  caseEventSchema,
  transition,
  transitionOrThrow,
  type CaseActor,
  type CaseEvent,
  type CaseEventType,
  type CaseState,
  type CaseStatus,
  type Resolution,
} from "./case-state";

const NOW = new Date("2026-03-10T02:00:00Z");
const DAY = 86_400_000;
const decidedAt = new Date(NOW.getTime() - 5 * DAY);

function stateOf(status: CaseStatus): CaseState {
  return status === "resolved" ? { status, resolution: "dismissed" } : { status };
}

function eventOf(type: CaseEventType, resolution: Resolution = "dismissed"): CaseEvent {
  if (type === "resolve") return { type, resolution };
  if (type === "request_info") return { type, from: "respondent" };
  return { type } as CaseEvent;
}

/** The actor an event is normally triggered by. */
const CANONICAL_ACTOR: Record<CaseEventType, CaseActor> = {
  triage: "officer",
  investigate: "officer",
  request_info: "officer",
  provide_info: "reporter",
  send_notice: "officer",
  start_mediation: "officer",
  resolve: "officer",
  appeal: "respondent",
  reopen: "officer",
};

function outcome(r: ReturnType<typeof transition>): string {
  if (!r.ok) return `✗ ${r.refusal.reason}`;
  return r.state.status === "resolved" ? `resolved:${r.state.resolution}` : r.state.status;
}

// Written out by hand from the product rules, not derived from the implementation's tables.
// Canonical actor, resolve with "dismissed", decision 5 days ago.
const N = "✗ event_not_allowed";
const EXPECTED: Record<CaseStatus, Record<CaseEventType, string>> = {
  //            triage    investigate      request_info     provide_info     send_notice    start_mediation resolve               appeal           reopen
  reported: {
    triage: "triage",
    investigate: N,
    request_info: N,
    provide_info: "reported",
    send_notice: N,
    start_mediation: N,
    resolve: N,
    appeal: N,
    reopen: N,
  },
  triage: {
    triage: N,
    investigate: "investigating",
    request_info: "triage",
    provide_info: "triage",
    send_notice: N,
    start_mediation: N,
    resolve: "resolved:dismissed",
    appeal: N,
    reopen: N,
  },
  investigating: {
    triage: N,
    investigate: N,
    request_info: "investigating",
    provide_info: "investigating",
    send_notice: "notice_sent",
    start_mediation: "mediation",
    resolve: "resolved:dismissed",
    appeal: N,
    reopen: N,
  },
  notice_sent: {
    triage: N,
    investigate: N,
    request_info: "notice_sent",
    provide_info: "notice_sent",
    send_notice: N,
    start_mediation: "mediation",
    resolve: "resolved:dismissed",
    appeal: N,
    reopen: N,
  },
  mediation: {
    triage: N,
    investigate: N,
    request_info: "mediation",
    provide_info: "mediation",
    send_notice: "notice_sent",
    start_mediation: N,
    resolve: "resolved:dismissed",
    appeal: N,
    reopen: N,
  },
  resolved: {
    triage: N,
    investigate: N,
    request_info: N,
    provide_info: N,
    send_notice: N,
    start_mediation: N,
    resolve: N,
    appeal: "investigating",
    reopen: "investigating",
  },
};

// Which resolutions each status can reach (✓) — again by hand.
const RESOLUTION_TABLE: Record<CaseStatus, Resolution[]> = {
  reported: [],
  triage: ["dismissed"],
  investigating: ["dismissed", "referred_administrative", "referred_court"],
  notice_sent: ["takedown", "settled", "licensed", "dismissed", "referred_administrative", "referred_court"],
  mediation: ["settled", "licensed", "dismissed", "referred_administrative", "referred_court"],
  resolved: [],
};

const PERMITTED: Record<CaseEventType, CaseActor[]> = {
  triage: ["officer"],
  investigate: ["officer"],
  request_info: ["officer"],
  provide_info: ["reporter", "owner", "respondent"],
  send_notice: ["officer"],
  start_mediation: ["officer"],
  resolve: ["officer"],
  appeal: ["reporter", "owner", "respondent"],
  reopen: ["officer"],
};

describe("transition: every (status × event) pair", () => {
  it("the expected table is complete", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...CASE_STATUSES].sort());
    for (const s of CASE_STATUSES) expect(Object.keys(EXPECTED[s]).sort()).toEqual([...CASE_EVENT_TYPES].sort());
  });

  for (const status of CASE_STATUSES) {
    for (const type of CASE_EVENT_TYPES) {
      it(`${status} × ${type} → ${EXPECTED[status][type]}`, () => {
        const r = transition(stateOf(status), eventOf(type), { now: NOW, decidedAt, actor: CANONICAL_ACTOR[type] });
        expect(outcome(r)).toBe(EXPECTED[status][type]);
      });
    }
  }
});

describe("transition: actors", () => {
  it("for every allowed (status × event), exactly the permitted actors succeed", () => {
    let checked = 0;
    for (const status of CASE_STATUSES) {
      for (const type of CASE_EVENT_TYPES) {
        if (EXPECTED[status][type] === N) continue;
        for (const actor of CASE_ACTORS) {
          const r = transition(stateOf(status), eventOf(type), { now: NOW, decidedAt, actor });
          checked++;
          if (PERMITTED[type].includes(actor)) expect(r.ok, `${status} ${type} ${actor}`).toBe(true);
          else expect(outcome(r), `${status} ${type} ${actor}`).toBe("✗ actor_not_allowed");
        }
      }
    }
    expect(checked).toBe(21 * CASE_ACTORS.length);
  });

  it("the state check comes first: a forbidden actor on an impossible event hears 'not allowed in this state'", () => {
    const r = transition({ status: "reported" }, { type: "reopen" }, { now: NOW, actor: "public" });
    expect(outcome(r)).toBe(N);
  });
});

describe("transition: resolutions", () => {
  for (const status of CASE_STATUSES) {
    for (const resolution of RESOLUTIONS) {
      const allowed = RESOLUTION_TABLE[status].includes(resolution);
      const canResolve = EXPECTED[status].resolve !== N;
      const expected = allowed ? `resolved:${resolution}` : canResolve ? "✗ resolution_not_allowed" : N;
      it(`${status} × resolve(${resolution}) → ${expected}`, () => {
        const r = transition(stateOf(status), { type: "resolve", resolution }, { now: NOW, actor: "officer" });
        expect(outcome(r)).toBe(expected);
      });
    }
  }
});

describe("transition: 30-day appeal / reopen window", () => {
  const resolved: CaseState = { status: "resolved", resolution: "takedown" };
  const decided = new Date("2026-01-31T08:00:00Z");

  it.each(["appeal", "reopen"] as const)("%s: accepted until exactly 30 days after the decision, refused 1 ms later", (type) => {
    const actor = type === "appeal" ? "owner" : "officer";
    const edge = new Date(decided.getTime() + 30 * DAY);
    expect(appealDeadline(decided)).toEqual(edge);
    expect(outcome(transition(resolved, { type }, { now: decided, decidedAt: decided, actor }))).toBe("investigating");
    expect(outcome(transition(resolved, { type }, { now: edge, decidedAt: decided, actor }))).toBe("investigating");
    const late = transition(resolved, { type }, { now: new Date(edge.getTime() + 1), decidedAt: decided, actor });
    expect(outcome(late)).toBe("✗ appeal_window_closed");
    if (!late.ok) expect(late.refusal.params).toEqual({ days: 30, deadline: edge.toISOString() });
  });

  it("refuses when the decision date is unknown", () => {
    expect(outcome(transition(resolved, { type: "appeal" }, { now: NOW, decidedAt: null, actor: "reporter" }))).toBe("✗ decision_date_missing");
  });

  it("a reopened case can be resolved again and appealed within 30 days of the new decision", () => {
    const ctx = (actor: CaseActor, now: Date, d?: Date) => ({ actor, now, decidedAt: d });
    const d1 = new Date(decided.getTime() + 10 * DAY);
    let s = transitionOrThrow(resolved, { type: "reopen" }, ctx("officer", d1, decided));
    s = transitionOrThrow(s, { type: "send_notice" }, ctx("officer", d1));
    s = transitionOrThrow(s, { type: "resolve", resolution: "settled" }, ctx("officer", d1));
    expect(s).toEqual({ status: "resolved", resolution: "settled" });
    const d2 = new Date(d1.getTime() + 29 * DAY);
    expect(transitionOrThrow(s, { type: "appeal" }, ctx("respondent", d2, d1))).toEqual({ status: "investigating" });
  });
});

describe("transitionOrThrow", () => {
  it.each([
    [{ status: "reported" } as CaseState, { type: "resolve", resolution: "dismissed" } as CaseEvent, "officer", "CONFLICT", "cases.refusal.event_not_allowed"],
    [{ status: "triage" } as CaseState, { type: "investigate" } as CaseEvent, "respondent", "FORBIDDEN", "cases.refusal.actor_not_allowed"],
    [
      { status: "triage" } as CaseState,
      { type: "resolve", resolution: "takedown" } as CaseEvent,
      "officer",
      "UNPROCESSABLE",
      "cases.refusal.resolution_not_allowed",
    ],
  ] as const)("%j × %j by %s → %s", (state, event, actor, code, key) => {
    try {
      transitionOrThrow(state, event, { now: NOW, actor });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe(code);
      expect((e as DomainError).messageKey).toBe(key);
    }
  });

  it("every refusal message key exists in both languages", () => {
    for (const r of REFUSAL_REASONS) expect(hasKey(`cases.refusal.${r}`), r).toBe(true);
  });
});

describe("availableEvents", () => {
  it("lists what an actor can do now", () => {
    expect(availableEvents({ status: "investigating" }, { now: NOW, actor: "officer" })).toEqual(["request_info", "send_notice", "start_mediation", "resolve"]);
    expect(availableEvents({ status: "investigating" }, { now: NOW, actor: "reporter" })).toEqual(["provide_info"]);
    expect(availableEvents({ status: "investigating" }, { now: NOW, actor: "public" })).toEqual([]);
    const resolved: CaseState = { status: "resolved", resolution: "dismissed" };
    expect(availableEvents(resolved, { now: NOW, decidedAt, actor: "owner" })).toEqual(["appeal"]);
    expect(availableEvents(resolved, { now: new Date(decidedAt.getTime() + 31 * DAY), decidedAt, actor: "owner" })).toEqual([]);
  });

  it("agrees with transition for every status, actor and event", () => {
    for (const status of CASE_STATUSES) {
      for (const actor of CASE_ACTORS) {
        const listed = availableEvents(stateOf(status), { now: NOW, decidedAt, actor });
        const expected = CASE_EVENT_TYPES.filter((t) => EXPECTED[status][t] !== N && PERMITTED[t].includes(actor));
        expect(listed, `${status} ${actor}`).toEqual(expected);
      }
    }
  });
});

describe("caseEventSchema", () => {
  it("parses events from form data and rejects unknown resolutions", () => {
    expect(caseEventSchema.parse({ type: "resolve", resolution: "licensed" })).toEqual({ type: "resolve", resolution: "licensed" });
    expect(caseEventSchema.safeParse({ type: "resolve", resolution: "fined" }).success).toBe(false);
    expect(caseEventSchema.safeParse({ type: "request_info" }).success).toBe(false);
    expect(caseEventSchema.safeParse({ type: "escalate" }).success).toBe(false);
  });
});
