import type { PrismaClient } from "@prisma/client";
import { issueAccountToken, mailAccountLink } from "./account-tokens.server";

/** Mail a verification link to the user's current address (sign-up and "resend"). */
export async function sendEmailVerification({
  db,
  userId,
  origin,
  dataDir,
  now = new Date(),
}: {
  db: PrismaClient;
  userId: string;
  origin: string;
  dataDir?: string;
  now?: Date;
}) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, locale: true, emailVerifiedAt: true, disabledAt: true } });
  if (!user || user.disabledAt) return { sent: false as const, alreadyVerified: false };
  if (user.emailVerifiedAt) return { sent: false as const, alreadyVerified: true };
  const { token } = await db.$transaction((tx) => issueAccountToken(tx, { userId: user.id, email: user.email, purpose: "verify", now }));
  await mailAccountLink({ to: user.email, locale: user.locale, kind: "verify", link: `${origin}/verify-email/${token}`, dataDir });
  return { sent: true as const, alreadyVerified: false };
}
