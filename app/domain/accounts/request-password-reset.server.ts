import type { PrismaClient } from "@prisma/client";
import { issueAccountToken, mailAccountLink } from "./account-tokens.server";

/**
 * "Forgot password": mail a reset link if the address belongs to an enabled account, and do
 * nothing visible otherwise. The caller answers the same way in both cases (no account
 * enumeration) and rate-limits per address and per client.
 */
export async function requestPasswordReset({
  db,
  email,
  origin,
  dataDir,
  now = new Date(),
}: {
  db: PrismaClient;
  email: string;
  origin: string;
  dataDir?: string;
  now?: Date;
}): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, locale: true, disabledAt: true } });
  if (!user || user.disabledAt) return;
  const { token } = await db.$transaction((tx) => issueAccountToken(tx, { userId: user.id, email: user.email, purpose: "reset", now }));
  await mailAccountLink({ to: user.email, locale: user.locale, kind: "reset", link: `${origin}/reset-password/${token}`, dataDir });
}
