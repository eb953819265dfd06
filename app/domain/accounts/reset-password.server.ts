import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { consumeAccountToken } from "./account-tokens.server";
import { hashPassword } from "./password.server";

/**
 * Set a new password with a mailed reset link. The link is spent in the same transaction as the
 * change; every session of the user ends (the new password logs in afresh). Following the link
 * also proves the mailbox, so an unverified address becomes verified.
 */
export async function resetPassword({ db, token, newPassword, now = new Date() }: { db: PrismaClient; token: string; newPassword: string; now?: Date }) {
  const passwordHash = await hashPassword(newPassword);
  return db.$transaction(async (tx) => {
    const link = await consumeAccountToken(tx, { token, purpose: "reset", now });
    const user = await tx.user.findUniqueOrThrow({ where: { id: link.userId }, select: { id: true, email: true, emailVerifiedAt: true } });
    const verifies = !user.emailVerifiedAt && user.email.toLowerCase() === link.email.toLowerCase();
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, mustResetPassword: false, ...(verifies ? { emailVerifiedAt: now } : {}) },
    });
    const ended = await tx.session.deleteMany({ where: { userId: user.id } });
    await tx.accountToken.updateMany({ where: { userId: user.id, purpose: "reset", usedAt: null }, data: { usedAt: now } });
    await recordAuditEvent(tx, {
      actorId: user.id,
      action: "user.password_reset",
      entityId: user.id,
      data: { sessionsEnded: ended.count, emailVerified: verifies },
    });
    return { userId: user.id, email: user.email, sessionsEnded: ended.count };
  });
}
