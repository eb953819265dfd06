/**
 * The infringement case lifecycle, as a pure state machine.
 *
 *   reported ─triage→ triage ─investigate→ investigating ─send_notice→ notice_sent ⇄ mediation
 *                        │                      │   └─start_mediation→ mediation ─send_notice┘
 *                        └─resolve(dismissed)→ resolved ←─resolve(…)─ (investigating, notice_sent, mediation)
 *   resolved ─appeal (a party) | reopen (an officer), within 30 days of the decision→ investigating
 *
 * request_info (officer) and provide_info (a party) keep the status: they are timeline entries
 * that the state machine still has to allow or refuse.
 *
 * The functions return typed refusals instead of throwing so the UI can ask "may this actor
 * do this now?" without try/catch; `transitionOrThrow` is the use-case form.
 */
import { enumValue } from "~/domain/enum-column";
import { z } from "zod";
import { DomainError, type ErrorCode } from "~/domain/errors";

export const CASE_STATUSES = ["reported", "triage", "investigating", "notice_sent", "mediation", "resolved"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** "licensed": the respondent took a licence after the fact. Referral targets are separate values so one column holds the outcome. */
export const RESOLUTIONS = ["takedown", "settled", "licensed", "dismissed", "referred_administrative", "referred_court"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

function isCaseStatus(v: unknown): v is CaseStatus {
  return typeof v === "string" && (CASE_STATUSES as readonly string[]).includes(v);
}

export function isResolution(v: unknown): v is Resolution {
  return typeof v === "string" && (RESOLUTIONS as readonly string[]).includes(v);
}

/** A stored case status, narrowed (throws on a value the code does not know). */
export function asCaseStatus(v: string): CaseStatus {
  return enumValue(isCaseStatus, v, "case status");
}

/** People in a case other than officers. "owner" is the rights holder when someone else reported. */
export const CASE_PARTIES = ["reporter", "owner", "respondent"] as const;
export type CaseParty = (typeof CASE_PARTIES)[number];
export const CASE_ACTORS = ["officer", ...CASE_PARTIES, "public"] as const;
export type CaseActor = (typeof CASE_ACTORS)[number];

export const CASE_EVENT_TYPES = [
  "triage",
  "investigate",
  "request_info",
  "provide_info",
  "send_notice",
  "start_mediation",
  "resolve",
  "appeal",
  "reopen",
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export type CaseEvent =
  | { type: "triage" }
  | { type: "investigate" }
  | { type: "request_info"; from: CaseParty }
  | { type: "provide_info" }
  | { type: "send_notice" }
  | { type: "start_mediation" }
  | { type: "resolve"; resolution: Resolution }
  | { type: "appeal" }
  | { type: "reopen" };

const resolutionSchema = z.enum(RESOLUTIONS);
export const caseEventSchema: z.ZodType<CaseEvent> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("triage") }),
  z.object({ type: z.literal("investigate") }),
  z.object({ type: z.literal("request_info"), from: z.enum(CASE_PARTIES) }),
  z.object({ type: z.literal("provide_info") }),
  z.object({ type: z.literal("send_notice") }),
  z.object({ type: z.literal("start_mediation") }),
  z.object({ type: z.literal("resolve"), resolution: resolutionSchema }),
  z.object({ type: z.literal("appeal") }),
  z.object({ type: z.literal("reopen") }),
]);

export type CaseState = { status: Exclude<CaseStatus, "resolved"> } | { status: "resolved"; resolution: Resolution };

type TransitionContext = {
  now: Date;
  /** When the case was last resolved; needed only to appeal or reopen. */
  decidedAt?: Date | null;
  actor: CaseActor;
};

export const REFUSAL_REASONS = ["event_not_allowed", "actor_not_allowed", "resolution_not_allowed", "appeal_window_closed", "decision_date_missing"] as const;
type RefusalReason = (typeof REFUSAL_REASONS)[number];

type CaseRefusal = {
  reason: RefusalReason;
  /** "cases.refusal.<reason>" */
  messageKey: string;
  params: Record<string, string | number>;
};

type TransitionResult = { ok: true; state: CaseState } | { ok: false; refusal: CaseRefusal };

const APPEAL_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

const OFFICER: readonly CaseActor[] = ["officer"];
const PARTY: readonly CaseActor[] = CASE_PARTIES;

/** Who may trigger each event. Officers act for the exchange center; only parties appeal. */
const EVENT_ACTORS: Record<CaseEventType, readonly CaseActor[]> = {
  triage: OFFICER,
  investigate: OFFICER,
  request_info: OFFICER,
  provide_info: PARTY,
  send_notice: OFFICER,
  start_mediation: OFFICER,
  resolve: OFFICER,
  appeal: PARTY,
  reopen: OFFICER,
};

type Edges = Partial<Record<CaseEventType, CaseStatus>>;

/** Status reached by each event allowed in a status (resolve always leads to "resolved"). */
export const TRANSITIONS: Record<CaseStatus, Edges> = {
  reported: { triage: "triage", provide_info: "reported" },
  triage: { investigate: "investigating", resolve: "resolved", request_info: "triage", provide_info: "triage" },
  investigating: {
    send_notice: "notice_sent",
    start_mediation: "mediation",
    resolve: "resolved",
    request_info: "investigating",
    provide_info: "investigating",
  },
  notice_sent: {
    start_mediation: "mediation",
    resolve: "resolved",
    request_info: "notice_sent",
    provide_info: "notice_sent",
  },
  mediation: {
    send_notice: "notice_sent",
    resolve: "resolved",
    request_info: "mediation",
    provide_info: "mediation",
  },
  resolved: { appeal: "investigating", reopen: "investigating" },
};

const REFERRALS = ["referred_administrative", "referred_court"] as const;

/**
 * Which outcomes each stage can support: triage can only dismiss (nothing has been examined
 * yet); a takedown needs a notice to have been sent; a settlement or an after-the-fact licence
 * needs the respondent to have been contacted (notice or mediation).
 */
export const RESOLUTIONS_BY_STATUS: Record<CaseStatus, readonly Resolution[]> = {
  reported: [],
  triage: ["dismissed"],
  investigating: ["dismissed", ...REFERRALS],
  notice_sent: ["takedown", "settled", "licensed", "dismissed", ...REFERRALS],
  mediation: ["settled", "licensed", "dismissed", ...REFERRALS],
  resolved: [],
};

function refuse(reason: RefusalReason, params: Record<string, string | number> = {}): TransitionResult {
  return { ok: false, refusal: { reason, messageKey: `cases.refusal.${reason}`, params } };
}

/** The last moment an appeal or reopening is accepted: 30 × 24 h after the decision (China has no DST). */
export function appealDeadline(decidedAt: Date): Date {
  return new Date(decidedAt.getTime() + APPEAL_WINDOW_DAYS * DAY_MS);
}

export function isOpen(status: CaseStatus): boolean {
  return status !== "resolved";
}

export function transition(state: CaseState, event: CaseEvent, ctx: TransitionContext): TransitionResult {
  const next = TRANSITIONS[state.status][event.type];
  if (next === undefined) return refuse("event_not_allowed", { status: state.status, event: event.type });
  if (!EVENT_ACTORS[event.type].includes(ctx.actor)) {
    return refuse("actor_not_allowed", { event: event.type, actor: ctx.actor });
  }

  switch (event.type) {
    case "resolve":
      if (!RESOLUTIONS_BY_STATUS[state.status].includes(event.resolution)) {
        return refuse("resolution_not_allowed", { status: state.status, resolution: event.resolution });
      }
      return { ok: true, state: { status: "resolved", resolution: event.resolution } };
    case "appeal":
    case "reopen": {
      if (!ctx.decidedAt) return refuse("decision_date_missing");
      const deadline = appealDeadline(ctx.decidedAt);
      if (ctx.now.getTime() > deadline.getTime()) {
        return refuse("appeal_window_closed", { days: APPEAL_WINDOW_DAYS, deadline: deadline.toISOString() });
      }
      return { ok: true, state: { status: "investigating" } };
    }
    default:
      return { ok: true, state: { status: next as Exclude<CaseStatus, "resolved"> } };
  }
}

const REFUSAL_ERROR_CODE: Record<RefusalReason, ErrorCode> = {
  event_not_allowed: "CONFLICT",
  actor_not_allowed: "FORBIDDEN",
  resolution_not_allowed: "UNPROCESSABLE",
  appeal_window_closed: "UNPROCESSABLE",
  decision_date_missing: "CONFLICT",
};

/** For use-cases: the new state, or a DomainError carrying the refusal's message key. */
export function transitionOrThrow(state: CaseState, event: CaseEvent, ctx: TransitionContext): CaseState {
  const r = transition(state, event, ctx);
  if (r.ok) return r.state;
  throw new DomainError(REFUSAL_ERROR_CODE[r.refusal.reason], r.refusal.messageKey, r.refusal.params);
}

/**
 * Event types this actor could trigger now (for showing buttons). "resolve" is listed when at
 * least one resolution is possible; use RESOLUTIONS_BY_STATUS for the choices.
 */
export function availableEvents(state: CaseState, ctx: TransitionContext): CaseEventType[] {
  return CASE_EVENT_TYPES.filter((type) => {
    const probe: CaseEvent =
      type === "resolve"
        ? { type, resolution: RESOLUTIONS_BY_STATUS[state.status][0] ?? "dismissed" }
        : type === "request_info"
          ? { type, from: "respondent" }
          : ({ type } as CaseEvent);
    return transition(state, probe, ctx).ok;
  });
}
