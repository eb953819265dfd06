import type { PrismaClient } from "@prisma/client";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/utils/db.server";

/** Registering works needs a confirmed address (the registry mails certificates and decisions there). */
export async function assertEmailVerified(db: PrismaClient | Tx, userId: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  if (!user?.emailVerifiedAt) throw new DomainError("FORBIDDEN", "account.error.emailUnverified");
}
