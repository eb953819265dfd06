import type { PrismaClient } from "@prisma/client";
import { DomainError } from "~/domain/errors";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import type { RoleName } from "~/utils/permissions";
import type { Locale } from "~/utils/i18n";
import { hashPassword } from "./password.server";

type SignUpOptions = {
  db: PrismaClient;
  name: string;
  email: string;
  password: string;
  role: RoleName;
  locale: Locale;
  /** Who creates the account: null for self sign-up, an admin's id otherwise. */
  actorId?: string | null;
  /**
   * Whether the address counts as confirmed. Self sign-up starts unverified (a link is mailed);
   * accounts an administrator or operator creates are verified by whoever created them.
   */
  emailVerified?: boolean;
};

export async function signUp({ db, name, email, password, role, locale, actorId = null, emailVerified = actorId !== null }: SignUpOptions) {
  const passwordHash = await hashPassword(password);
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw new DomainError("CONFLICT", "auth.error.emailTaken");
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { name, email, passwordHash, locale, emailVerifiedAt: emailVerified ? new Date() : null, roles: { connect: { name: role } } },
    });
    await recordAuditEvent(tx, {
      actorId: actorId ?? user.id,
      action: actorId ? "user.created" : "user.signed_up",
      entityId: user.id,
      data: { email, role, emailVerified },
    });
    return user;
  });
}
