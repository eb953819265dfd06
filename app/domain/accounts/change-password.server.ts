import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { hashPassword, verifyPassword } from "./password.server";

/**
 * The signed-in user sets a new password, proving the current one. Every other session of the
 * user ends (a stolen cookie stops working); the session making the change stays.
 */
export async function changePassword({
  db,
  userId,
  currentSessionId,
  currentPassword,
  newPassword,
}: {
  db: PrismaClient;
  userId: string;
  currentSessionId: string;
  currentPassword: string;
  newPassword: string;
}) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true, disabledAt: true } });
  if (!user || user.disabledAt) throw new DomainError("UNAUTHORIZED", "auth.error.badCredentials");
  if (!(await verifyPassword(user.passwordHash, currentPassword))) throw new DomainError("BAD_INPUT", "account.error.currentPasswordWrong");
  if (await verifyPassword(user.passwordHash, newPassword)) throw new DomainError("BAD_INPUT", "account.error.passwordUnchanged");
  const passwordHash = await hashPassword(newPassword);
  return db.$transaction(async (tx) => {
    // Guard against a concurrent change: only the hash we checked may be replaced.
    const { count } = await tx.user.updateMany({ where: { id: userId, passwordHash: user.passwordHash }, data: { passwordHash, mustResetPassword: false } });
    if (count !== 1) throw new DomainError("CONFLICT", "account.error.passwordChangedMeanwhile");
    const ended = await tx.session.deleteMany({ where: { userId, id: { not: currentSessionId } } });
    // A reset link mailed earlier must not undo this change.
    await tx.accountToken.updateMany({ where: { userId, purpose: "reset", usedAt: null }, data: { usedAt: new Date() } });
    await recordAuditEvent(tx, { actorId: userId, action: "user.password_changed", entityId: userId, data: { sessionsEnded: ended.count } });
    return { sessionsEnded: ended.count };
  });
}
