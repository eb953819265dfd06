import { CASE_TRANSITION_ACTIONS } from "~/domain/audit/audit-events";
import type { InfringementCase, PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/utils/db.server";
import { sendMail, type MailMessage } from "~/utils/mailer.server";
import { caseViewerOf, partyActor, storedParty, type CaseViewer } from "./case-access.server";
import { notifyCase, type CaseAudience } from "./case-notify.server";
import { enumValue } from "~/domain/enum-column";
import { asCaseStatus, isResolution, appealDeadline, caseEventSchema, transitionOrThrow, type CaseActor, type CaseEvent, type CaseState } from "./case-state";
import { CASE_SLA, workingDayDeadline } from "./sla";

export const MAX_REASON = 4000;

export function caseStateOf(kase: Pick<InfringementCase, "status" | "resolution">): CaseState {
  const status = asCaseStatus(kase.status);
  return status === "resolved" ? { status, resolution: enumValue(isResolution, kase.resolution ?? "", "case resolution") } : { status };
}

const AUDIENCE: Record<CaseEvent["type"], CaseAudience[]> = {
  triage: ["reporter"],
  investigate: ["reporter", "owners"],
  request_info: [],
  provide_info: ["assignee"],
  send_notice: ["reporter", "owners", "respondent"],
  start_mediation: ["reporter", "owners", "respondent"],
  resolve: ["reporter", "owners", "respondent"],
  appeal: ["assignee", "reporter", "owners", "respondent"],
  reopen: ["reporter", "owners", "respondent"],
};

/**
 * Applies one state-machine event inside the caller's transaction: the case row (status,
 * outcome, decision and appeal dates, restarted decision clock), a timeline entry visible to
 * the parties with the reason, the audit event with actor and reason, and notifications.
 * Returns mails to send after the commit.
 */
export async function applyCaseTransition(
  tx: Tx,
  kase: InfringementCase,
  event: CaseEvent,
  ctx: { actor: CaseActor; actorId: string | null; reason: string; now: Date },
): Promise<{ kase: InfringementCase; mails: MailMessage[] }> {
  const next = transitionOrThrow(caseStateOf(kase), event, { actor: ctx.actor, now: ctx.now, decidedAt: kase.decidedAt });
  const data: Partial<InfringementCase> = { status: next.status };
  if (next.status === "resolved") {
    data.resolution = next.resolution;
    data.decidedAt = ctx.now;
    data.appealUntil = appealDeadline(ctx.now);
  }
  if (event.type === "appeal" || event.type === "reopen") {
    data.resolution = null;
    data.appealUntil = null;
    data.decisionDueAt = workingDayDeadline(ctx.now, CASE_SLA.decisionWorkingDays);
  }
  // Optimistic check: the status must still be the one the decision was made on.
  const { count } = await tx.infringementCase.updateMany({ where: { id: kase.id, status: kase.status }, data });
  if (count !== 1) throw new DomainError("CONFLICT", "cases.error.changedMeanwhile");
  const updated = await tx.infringementCase.findUniqueOrThrow({ where: { id: kase.id } });

  const isInfo = event.type === "request_info" || event.type === "provide_info";
  await tx.caseEvent.create({
    data: {
      caseId: kase.id,
      kind: event.type === "request_info" ? "info_request" : isInfo ? "message" : "transition",
      fromStatus: kase.status,
      toStatus: next.status,
      actorId: ctx.actorId,
      actorParty: storedParty(ctx.actor),
      visibility: "parties",
      body: JSON.stringify({ event, reason: ctx.reason }),
      createdAt: ctx.now,
    },
  });
  await recordAuditEvent(tx, {
    actorId: ctx.actorId,
    action: CASE_TRANSITION_ACTIONS[event.type],
    entityId: kase.id,
    data: { number: kase.number, from: kase.status, to: next.status, event, actor: ctx.actor, reason: ctx.reason },
  });
  const audience: CaseAudience[] =
    event.type === "request_info" ? [event.from === "respondent" ? "respondent" : event.from === "owner" ? "owners" : "reporter"] : AUDIENCE[event.type];
  const mails = await notifyCase(tx, updated, {
    kind: event.type,
    params: { status: next.status, resolution: next.status === "resolved" ? next.resolution : "" },
    audience,
    exceptUserId: ctx.actorId,
  });
  return { kase: updated, mails };
}

/**
 * An officer moves a case (triage, investigate, request information, mediation, decide, reopen)
 * or a party appeals or answers a request; every step with a reason. Takedown notices go
 * through sendNotice, which records the notice with the transition.
 */
export async function transitionCase({
  db,
  actorId,
  followToken,
  caseId,
  event: eventInput,
  reason,
  dataDir,
  now = new Date(),
}: {
  db: PrismaClient;
  actorId: string | null;
  followToken?: string | null;
  caseId: string;
  event: unknown;
  reason: string;
  dataDir?: string;
  now?: Date;
}) {
  const event = caseEventSchema.parse(eventInput);
  const text = reason.trim();
  if (text.length < 2 || text.length > MAX_REASON) throw new DomainError("BAD_INPUT", "cases.form.reasonRequired");
  if (event.type === "send_notice") throw new DomainError("BAD_INPUT", "cases.error.useNoticeForm");
  const { kase, mails } = await db.$transaction(async (tx) => {
    const kase = await tx.infringementCase.findUnique({ where: { id: caseId } });
    if (!kase) throw new DomainError("NOT_FOUND", "cases.error.notFound");
    const viewer: CaseViewer = await caseViewerOf(tx, kase, { userId: actorId, followToken });
    // Officers act as officers; a party acts in its party role; anyone else is not in the case.
    const officerEvent = ["triage", "investigate", "request_info", "start_mediation", "resolve", "reopen"].includes(event.type);
    let actor: CaseActor;
    if (officerEvent && viewer.isOfficer) actor = "officer";
    else if (viewer.parties.length) actor = partyActor(viewer);
    else if (viewer.isOfficer) actor = "officer";
    else throw new DomainError("NOT_FOUND", "cases.error.notFound");
    return applyCaseTransition(tx, kase, event, { actor, actorId, reason: text, now });
  });
  for (const m of mails) await sendMail(m, { dataDir }).catch((e) => console.error("[cases] mail failed", e));
  return kase;
}
