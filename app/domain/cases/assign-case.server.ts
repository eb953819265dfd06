import { assertPermission, rolesOf } from "~/domain/access/roles.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { hasPermission } from "~/utils/permissions";
import { notifyCase } from "./case-notify.server";

/** An officer assigns a case to an officer (or takes it back to the queue with assigneeId null). */
export async function assignCase({
  db,
  actorId,
  caseId,
  assigneeId,
  now = new Date(),
}: {
  db: PrismaClient;
  actorId: string;
  caseId: string;
  assigneeId: string | null;
  now?: Date;
}) {
  await assertPermission(db, actorId, "case:handle");
  if (assigneeId && !hasPermission(await rolesOf(db, assigneeId), "case:handle")) throw new DomainError("UNPROCESSABLE", "cases.error.assigneeNotOfficer");
  return db.$transaction(async (tx) => {
    const kase = await tx.infringementCase.findUnique({ where: { id: caseId } });
    if (!kase) throw new DomainError("NOT_FOUND", "cases.error.notFound");
    const updated = await tx.infringementCase.update({ where: { id: caseId }, data: { assigneeId } });
    await tx.caseEvent.create({
      data: {
        caseId,
        kind: "assign",
        actorId,
        actorParty: "officer",
        visibility: "internal",
        body: JSON.stringify({ from: kase.assigneeId, to: assigneeId }),
        createdAt: now,
      },
    });
    await recordAuditEvent(tx, { actorId, action: "case.assigned", entityId: caseId, data: { number: kase.number, from: kase.assigneeId, to: assigneeId } });
    if (assigneeId) await notifyCase(tx, updated, { kind: "assigned", audience: ["assignee"], exceptUserId: actorId });
    return updated;
  });
}
