import { assertPermission } from "~/domain/access/roles.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { normalizeEmail } from "./email-code.server";
import { notifyCase } from "./case-notify.server";

/**
 * An officer links the accused party's account (found by its email) to the case, so it can see
 * the case and answer. An empty email unlinks.
 */
export async function setCaseRespondent({
  db,
  actorId,
  caseId,
  email,
  now = new Date(),
}: {
  db: PrismaClient;
  actorId: string;
  caseId: string;
  email: string;
  now?: Date;
}) {
  await assertPermission(db, actorId, "case:handle");
  const address = normalizeEmail(email);
  const user = address ? await db.user.findUnique({ where: { email: address }, select: { id: true, disabledAt: true } }) : null;
  if (address && (!user || user.disabledAt)) throw new DomainError("NOT_FOUND", "cases.error.respondentNotFound", { email: address });
  return db.$transaction(async (tx) => {
    const kase = await tx.infringementCase.findUnique({ where: { id: caseId } });
    if (!kase) throw new DomainError("NOT_FOUND", "cases.error.notFound");
    const updated = await tx.infringementCase.update({ where: { id: caseId }, data: { accusedId: user?.id ?? null } });
    await tx.caseEvent.create({
      data: {
        caseId,
        kind: "respondent",
        actorId,
        actorParty: "officer",
        visibility: "internal",
        body: JSON.stringify({ from: kase.accusedId, to: user?.id ?? null }),
        createdAt: now,
      },
    });
    await recordAuditEvent(tx, {
      actorId,
      action: "case.respondent_set",
      entityId: caseId,
      data: { number: kase.number, from: kase.accusedId, to: user?.id ?? null },
    });
    if (user) await notifyCase(tx, updated, { kind: "respondent", audience: ["respondent"], exceptUserId: actorId });
    return updated;
  });
}
