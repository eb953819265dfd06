import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { hasPermission } from "~/utils/permissions";
import { issueAccountToken, mailAccountLink } from "./account-tokens.server";

/**
 * An administrator makes a user choose a new password: the account is flagged (no session can
 * be used or made until the reset), its sessions end, and a reset link is mailed to the user.
 */
export async function forcePasswordReset({
  db,
  actorId,
  userId,
  origin,
  dataDir,
  now = new Date(),
}: {
  db: PrismaClient;
  actorId: string;
  userId: string;
  origin: string;
  dataDir?: string;
  now?: Date;
}) {
  if (actorId === userId) throw new DomainError("CONFLICT", "account.error.cannotForceSelf");
  const actor = await db.user.findUnique({ where: { id: actorId }, select: { disabledAt: true, roles: { select: { name: true } } } });
  if (
    !actor ||
    actor.disabledAt ||
    !hasPermission(
      actor.roles.map((r) => r.name),
      "user:manage",
    )
  )
    throw new DomainError("FORBIDDEN", "account.error.forbidden");
  const { user, token } = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, locale: true } });
    if (!user) throw new DomainError("NOT_FOUND", "account.error.userNotFound");
    await tx.user.update({ where: { id: userId }, data: { mustResetPassword: true } });
    const ended = await tx.session.deleteMany({ where: { userId } });
    const { token } = await issueAccountToken(tx, { userId, email: user.email, purpose: "reset", now });
    await recordAuditEvent(tx, { actorId, action: "user.password_reset_forced", entityId: userId, data: { sessionsEnded: ended.count } });
    return { user, token };
  });
  await mailAccountLink({ to: user.email, locale: user.locale, kind: "forcedReset", link: `${origin}/reset-password/${token}`, dataDir });
  return { email: user.email };
}
