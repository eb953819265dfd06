import type { PrismaClient } from "@prisma/client";
import { DomainError } from "~/domain/errors";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";

export async function setUserDisabled({ db, actorId, userId, disabled }: { db: PrismaClient; actorId: string; userId: string; disabled: boolean }) {
  if (actorId === userId) throw new DomainError("CONFLICT", "officer.users.cannotDisableSelf");
  return db.$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { disabledAt: disabled ? new Date() : null } });
    if (disabled) await tx.session.deleteMany({ where: { userId } });
    await recordAuditEvent(tx, { actorId, action: disabled ? "user.disabled" : "user.enabled", entityId: userId, data: {} });
    return user;
  });
}
