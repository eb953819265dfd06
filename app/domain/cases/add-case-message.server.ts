import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { sendMail } from "~/utils/mailer.server";
import { caseViewerOf, canSeeCase, partyActor, storedParty } from "./case-access.server";
import { notifyCase } from "./case-notify.server";

export const MAX_MESSAGE = 4000;

/**
 * A message on the case timeline. Officers may write internal notes (never shown to parties)
 * or messages to the parties; parties write messages visible to the parties and officers.
 */
export async function addCaseMessage({
  db,
  actorId,
  followToken,
  caseId,
  body,
  internal = false,
  dataDir,
  now = new Date(),
}: {
  db: PrismaClient;
  actorId: string | null;
  followToken?: string | null;
  caseId: string;
  body: string;
  internal?: boolean;
  dataDir?: string;
  now?: Date;
}) {
  const text = body.trim();
  if (!text || text.length > MAX_MESSAGE) throw new DomainError("BAD_INPUT", "cases.form.messageLength", { max: MAX_MESSAGE });
  const { event, mails } = await db.$transaction(async (tx) => {
    const kase = await tx.infringementCase.findUnique({ where: { id: caseId } });
    if (!kase) throw new DomainError("NOT_FOUND", "cases.error.notFound");
    const viewer = await caseViewerOf(tx, kase, { userId: actorId, followToken });
    if (!canSeeCase(viewer)) throw new DomainError("NOT_FOUND", "cases.error.notFound");
    if (internal && !viewer.isOfficer) throw new DomainError("FORBIDDEN", "cases.error.forbidden");
    const party = viewer.isOfficer ? "officer" : storedParty(partyActor(viewer));
    const event = await tx.caseEvent.create({
      data: {
        caseId,
        kind: internal ? "note" : "message",
        actorId,
        actorParty: party,
        visibility: internal ? "internal" : "parties",
        body: JSON.stringify({ text }),
        createdAt: now,
      },
    });
    await recordAuditEvent(tx, {
      actorId,
      action: internal ? "case.note_added" : "case.message_added",
      entityId: caseId,
      data: { number: kase.number, eventId: event.id, party, visibility: event.visibility },
    });
    const mails = internal
      ? []
      : await notifyCase(tx, kase, {
          kind: "message",
          audience: party === "officer" ? ["reporter", "owners", "respondent"] : ["assignee", "owners", "reporter"],
          exceptUserId: actorId,
        });
    return { event, mails };
  });
  for (const m of mails) await sendMail(m, { dataDir }).catch((e) => console.error("[cases] mail failed", e));
  return event;
}
