import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { consumeAccountToken } from "./account-tokens.server";

/** Follow a verification link: the address it was sent to must still be the account's. */
export async function verifyEmail({ db, token, now = new Date() }: { db: PrismaClient; token: string; now?: Date }) {
  return db.$transaction(async (tx) => {
    const link = await consumeAccountToken(tx, { token, purpose: "verify", now });
    const user = await tx.user.findUniqueOrThrow({ where: { id: link.userId }, select: { id: true, email: true, emailVerifiedAt: true } });
    if (user.email.toLowerCase() !== link.email.toLowerCase()) throw new DomainError("NOT_FOUND", "account.error.linkInvalid");
    if (!user.emailVerifiedAt) {
      await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: now } });
      await recordAuditEvent(tx, { actorId: user.id, action: "user.email_verified", entityId: user.id, data: { email: user.email } });
    }
    return { userId: user.id, email: user.email };
  });
}
