/**
 * Every audit event the registry records, once: its stored action name, the area it belongs to,
 * the entity it is about, and a Zod schema of its data. `recordAuditEvent` accepts only these
 * (typed over the union), and the audit page names each one from the same table.
 *
 * Names: `object.verb` as stored since the first row (`work.registered`, `deal.approved`,
 * `anchor.batch.anchored`); the object names its area unambiguously, and the area is written
 * here beside it (`area` + stored name = the `area.object.verb` of the design). Stored names are
 * never renamed: the action is part of each event's hashed preimage and of every query that
 * reads the log, so an old row must keep its exact string (docs/decisions/010-typed-audit-events.md).
 *
 * Data: the schemas describe what is recorded. recordAuditEvent validates the data against them
 * but stores the caller's data as given (canonical JSON), so a schema never rewrites history.
 */
import { z } from "zod";
import { CASE_EVENT_TYPES, type CaseEventType } from "~/domain/cases/case-state";

const id = z.string();
const nullableId = z.string().nullable();
const sha256 = z.string();
const hex = z.string();
const fen = z.number().int();
const stored = z.object({ id, sha256, sizeBytes: z.number().int(), mime: z.string() });

type Def = { area: AuditArea; entityType: AuditEntityType; data: z.ZodTypeAny };
type AuditArea = "registry" | "anchoring" | "licensing" | "payments" | "cases" | "accounts";
type AuditEntityType = "work" | "user" | "certificate" | "anchorBatch" | "offer" | "deal" | "payment" | "case" | "organization";

const caseTransition = z.object({
  number: z.string(),
  from: z.string(),
  to: z.string(),
  event: z.object({ type: z.enum(CASE_EVENT_TYPES) }).passthrough(),
  actor: z.string(),
  reason: z.string().optional(),
});

/** The case state machine's events, each recorded as `case.<event type>`. */
export const CASE_TRANSITION_ACTIONS = {
  triage: "case.triage",
  investigate: "case.investigate",
  request_info: "case.request_info",
  provide_info: "case.provide_info",
  send_notice: "case.send_notice",
  start_mediation: "case.start_mediation",
  resolve: "case.resolve",
  appeal: "case.appeal",
  reopen: "case.reopen",
} as const satisfies Record<CaseEventType, `case.${CaseEventType}`>;

const caseTransitionDefs = Object.fromEntries(
  Object.values(CASE_TRANSITION_ACTIONS).map((action) => [action, { area: "cases", entityType: "case", data: caseTransition }]),
) as Record<(typeof CASE_TRANSITION_ACTIONS)[CaseEventType], { area: "cases"; entityType: "case"; data: typeof caseTransition }>;

export const AUDIT_EVENTS = {
  // registry
  "work.created": {
    area: "registry",
    entityType: "work",
    data: z.object({
      status: z.string(),
      visibility: z.string(),
      ownerUserId: nullableId,
      ownerOrgId: nullableId,
      ownerName: z.string(),
      views: z.array(z.object({ kind: z.string(), sha256, pdq: hex })),
      priorArtMatches: z.number().int(),
      importFingerprint: z.string().optional(),
    }),
  },
  "work.updated": {
    area: "registry",
    entityType: "work",
    data: z.object({
      ownerName: z.string(),
      visibility: z.string(),
      addedViews: z.array(z.object({ kind: z.string(), sha256 })),
      removedViews: z.array(z.object({ kind: z.string(), sha256 })),
    }),
  },
  "work.submitted": {
    area: "registry",
    entityType: "work",
    data: z.object({ from: z.string().optional(), views: z.array(z.object({ kind: z.string(), sha256 })).optional() }),
  },
  "work.registered": {
    area: "registry",
    entityType: "work",
    data: z.object({ registrationNumber: z.string(), year: z.number().int(), seq: z.number().int(), priorArtMatches: z.number().int() }),
  },
  "work.rejected": { area: "registry", entityType: "work", data: z.object({ reason: z.unknown(), note: z.string().nullable() }) },
  "work.changes_requested": { area: "registry", entityType: "work", data: z.object({ reason: z.unknown(), note: z.string().nullable() }) },
  "work.draft_deleted": { area: "registry", entityType: "work", data: z.object({ titleZh: z.string(), views: z.array(sha256) }) },
  "catalog.imported": {
    area: "registry",
    entityType: "user",
    data: z.object({ owner: z.string(), rows: z.number().int(), created: z.array(id), problems: z.number().int() }),
  },

  // anchoring
  "certificate.issued": {
    area: "anchoring",
    entityType: "certificate",
    data: z.object({ kind: z.enum(["registration", "license"]), number: z.string(), leaf: hex, signer: z.string(), chainId: z.number().int() }),
  },
  "anchor.batch.created": {
    area: "anchoring",
    entityType: "anchorBatch",
    data: z.object({
      seq: z.number().int(),
      root: hex,
      leaves: z.number().int(),
      certificates: z.number().int(),
      auditHeadSeq: z.number().int().nullable(),
      auditHeadHash: z.string().nullable(),
    }),
  },
  "anchor.batch.anchored": {
    area: "anchoring",
    entityType: "anchorBatch",
    data: z.object({
      seq: z.number().int(),
      root: hex,
      chainId: z.number().int(),
      contract: z.string(),
      txHash: z.string(),
      blockNumber: z.number().int(),
      alreadyAnchored: z.boolean(),
    }),
  },

  // licensing
  "offer.published": { area: "licensing", entityType: "offer", data: z.object({ workId: id, termsHash: hex }) },
  "offer.withdrawn": { area: "licensing", entityType: "offer", data: z.object({}) },
  "deal.requested": { area: "licensing", entityType: "deal", data: z.object({ reference: z.string(), offerId: id, workId: id }) },
  "deal.approved": {
    area: "licensing",
    entityType: "deal",
    data: z.object({ reference: z.string(), termsHash: hex, feeBps: z.number().int(), paymentId: nullableId, overriddenDisputes: z.unknown().optional() }),
  },
  "deal.rejected": { area: "licensing", entityType: "deal", data: z.object({ reference: z.string(), reason: z.string() }) },
  "deal.changes_requested": { area: "licensing", entityType: "deal", data: z.object({ reference: z.string(), reason: z.string() }) },
  "deal.resubmitted": { area: "licensing", entityType: "deal", data: z.object({ reference: z.string() }) },
  "deal.cancelled": { area: "licensing", entityType: "deal", data: z.object({ reference: z.string() }) },
  "deal.activated": { area: "licensing", entityType: "deal", data: z.object({ reference: z.string(), licenseNumber: z.string(), termsHash: hex.nullable() }) },
  "deal.terminated": {
    area: "licensing",
    entityType: "deal",
    data: z.object({ reference: z.string(), licenseNumber: z.string().nullable(), reason: z.string() }),
  },
  "deal.expired": { area: "licensing", entityType: "deal", data: z.object({ reference: z.string(), licenseNumber: z.string().nullable() }) },
  "royalty.reported": {
    area: "licensing",
    entityType: "deal",
    data: z.object({
      reference: z.string(),
      reportId: id,
      periodStart: z.string(),
      periodEnd: z.string(),
      units: z.number().int(),
      netSalesFen: fen,
      royaltyDueFen: fen,
      topUpFen: fen,
      paymentId: nullableId,
    }),
  },

  // payments
  "payment.succeeded": {
    area: "payments",
    entityType: "payment",
    data: z.object({
      dealId: id,
      reference: z.string(),
      purpose: z.string(),
      method: z.enum(["stripe", "offline"]),
      amountFen: fen,
      feeFen: fen,
      payoutFen: fen,
      receivedOn: z.string(),
      stripePaymentIntentId: z.string().nullish(),
    }),
  },
  "payment.reported_paid": {
    area: "payments",
    entityType: "payment",
    data: z.object({
      dealId: id,
      reference: z.string(),
      purpose: z.string(),
      amountFen: fen,
      slip: z.object({ sha256, mime: z.string(), sizeBytes: z.number().int() }).nullable(),
    }),
  },
  "payment.payout_made": {
    area: "payments",
    entityType: "payment",
    data: z.object({
      dealId: id,
      reference: z.string(),
      purpose: z.string(),
      payoutFen: fen,
      payoutMadeOn: z.string(),
      payoutReference: z.string(),
    }),
  },
  "user.stripe_account_created": { area: "payments", entityType: "user", data: z.object({ accountId: z.string() }) },

  // accounts
  "user.signed_up": { area: "accounts", entityType: "user", data: z.object({ email: z.string(), role: z.string(), emailVerified: z.boolean() }) },
  "user.created": { area: "accounts", entityType: "user", data: z.object({ email: z.string(), role: z.string(), emailVerified: z.boolean() }) },
  "user.profile_updated": { area: "accounts", entityType: "user", data: z.object({ fields: z.array(z.string()) }) },
  "user.disabled": { area: "accounts", entityType: "user", data: z.object({}) },
  "user.enabled": { area: "accounts", entityType: "user", data: z.object({}) },
  "user.password_changed": { area: "accounts", entityType: "user", data: z.object({ sessionsEnded: z.number().int() }) },
  "user.password_reset": { area: "accounts", entityType: "user", data: z.object({ sessionsEnded: z.number().int(), emailVerified: z.boolean() }) },
  "user.password_reset_forced": { area: "accounts", entityType: "user", data: z.object({ sessionsEnded: z.number().int() }) },
  "user.email_verified": { area: "accounts", entityType: "user", data: z.object({ email: z.string() }) },
  "organization.created": { area: "accounts", entityType: "organization", data: z.object({ name: z.string(), uscc: z.string().nullable() }) },
  "organization.member_invited": { area: "accounts", entityType: "organization", data: z.object({ email: z.string() }) },
  "organization.member_joined": { area: "accounts", entityType: "organization", data: z.object({ userId: id }) },

  // cases
  "case.reported": {
    area: "cases",
    entityType: "case",
    data: z.object({
      number: z.string(),
      standing: z.string(),
      platform: z.string(),
      url: z.string(),
      works: z.array(z.string().nullable()),
      reporter: z.union([z.object({ userId: id }), z.object({ email: z.string(), emailConfirmed: z.boolean() })]),
      evidence: z.array(stored),
      matches: z.number().int(),
    }),
  },
  "case.assigned": { area: "cases", entityType: "case", data: z.object({ number: z.string(), from: nullableId, to: nullableId }) },
  "case.respondent_set": { area: "cases", entityType: "case", data: z.object({ number: z.string(), from: nullableId, to: nullableId }) },
  "case.note_added": { area: "cases", entityType: "case", data: z.object({ number: z.string(), eventId: id, party: z.string(), visibility: z.string() }) },
  "case.message_added": { area: "cases", entityType: "case", data: z.object({ number: z.string(), eventId: id, party: z.string(), visibility: z.string() }) },
  "case.evidence_added": {
    area: "cases",
    entityType: "case",
    data: z.object({ number: z.string(), party: z.string(), evidence: z.array(stored), matches: z.number().int() }),
  },
  "case.answered": {
    area: "cases",
    entityType: "case",
    data: z.object({ number: z.string(), license: z.unknown(), evidence: z.array(z.object({ id, sha256 })) }),
  },
  "case.match_reviewed": {
    area: "cases",
    entityType: "case",
    data: z.object({
      number: z.string(),
      matchId: id,
      method: z.string(),
      verdict: z.string(),
      registrationNumber: z.string().nullable(),
      from: z.string().nullable(),
      review: z.string(),
    }),
  },
  "case.notice_recorded": {
    area: "cases",
    entityType: "case",
    data: z.object({ number: z.string(), noticeId: id, platform: z.string(), sentTo: z.string().nullable(), sha256 }),
  },
  "case.package_built": { area: "cases", entityType: "case", data: z.object({ number: z.string(), manifestSha256: sha256, files: z.number().int() }) },
  "case.ownership_dispute.set": {
    area: "cases",
    entityType: "case",
    data: z.object({ number: z.string(), workId: id, registrationNumber: z.string().nullable() }),
  },
  "case.ownership_dispute.cleared": {
    area: "cases",
    entityType: "case",
    data: z.object({ number: z.string(), workId: id, registrationNumber: z.string().nullable() }),
  },
  ...caseTransitionDefs,
} as const satisfies Record<string, Def>;

type AuditAction = keyof typeof AUDIT_EVENTS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_EVENTS) as AuditAction[];

/** What a use-case passes to recordAuditEvent: the action decides the entity type and the data's shape. */
export type AuditEventInput = {
  [A in AuditAction]: { action: A; actorId: string | null; entityId: string; data: z.input<(typeof AUDIT_EVENTS)[A]["data"]> };
}[AuditAction];

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_EVENTS, action);
}

/** One schema over all events (for reading rows back, e.g. tools and tests). */
export const auditEventSchema = z.discriminatedUnion(
  "action",
  AUDIT_ACTIONS.map((action) =>
    z.object({ action: z.literal(action), entityType: z.literal(AUDIT_EVENTS[action].entityType), data: AUDIT_EVENTS[action].data }),
  ) as unknown as [z.ZodDiscriminatedUnionOption<"action">, ...z.ZodDiscriminatedUnionOption<"action">[]],
);

/** The i18n key naming an action on the audit page: case transitions by the case event's own label. */
export function auditActionLabelKey(action: AuditAction): string {
  const transition = (Object.entries(CASE_TRANSITION_ACTIONS) as [CaseEventType, string][]).find(([, a]) => a === action);
  return transition ? `cases.event.${transition[0]}` : `audit.action.${action}`;
}
