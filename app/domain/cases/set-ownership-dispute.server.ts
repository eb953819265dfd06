import { assertPermission } from "~/domain/access/roles.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";

/**
 * An officer records whether a case disputes the named work's own ownership or validity (someone
 * claims the registered work is theirs, or not original), as opposed to reporting a copy of it.
 * Only a disputing open case holds up licensing of the work (see licensing/deal-checks).
 */
export async function setOwnershipDispute({
  db,
  actorId,
  caseId,
  workId,
  disputed,
  now = new Date(),
}: {
  db: PrismaClient;
  actorId: string;
  caseId: string;
  workId: string;
  disputed: boolean;
  now?: Date;
}) {
  await assertPermission(db, actorId, "case:handle");
  return db.$transaction(async (tx) => {
    const link = await tx.caseWork.findUnique({
      where: { caseId_workId: { caseId, workId } },
      include: { case: { select: { number: true } }, work: { select: { registrationNumber: true } } },
    });
    if (!link) throw new DomainError("NOT_FOUND", "cases.error.notFound");
    if (link.disputesOwnership === disputed) return link;
    const updated = await tx.caseWork.update({ where: { caseId_workId: { caseId, workId } }, data: { disputesOwnership: disputed } });
    await tx.caseEvent.create({
      data: {
        caseId,
        kind: disputed ? "dispute_set" : "dispute_cleared",
        actorId,
        actorParty: "officer",
        visibility: "internal",
        body: JSON.stringify({ text: link.work.registrationNumber ?? "" }),
        createdAt: now,
      },
    });
    await recordAuditEvent(tx, {
      actorId,
      action: disputed ? "case.ownership_dispute.set" : "case.ownership_dispute.cleared",
      entityId: caseId,
      data: { number: link.case.number, workId, registrationNumber: link.work.registrationNumber },
    });
    return updated;
  });
}
