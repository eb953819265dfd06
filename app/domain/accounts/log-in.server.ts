import type { PrismaClient } from "@prisma/client";
import { DomainError } from "~/domain/errors";
import { checkRateLimit, clearRateLimit, hitRateLimit } from "~/utils/rate-limit.server";
import { burnPasswordCheck, verifyPassword } from "./password.server";

export const LOGIN_LIMITS = {
  perAccount: { limit: 5, windowMs: 15 * 60_000 },
  perIp: { limit: 20, windowMs: 15 * 60_000 },
};

/**
 * Check credentials. Repeated failures lock the account (and the address) for a while; the
 * message says how long. Success clears the account's failure count.
 */
export async function logIn({ db, email, password, ip }: { db: PrismaClient; email: string; password: string; ip: string }) {
  const accountBucket = `login:email:${email}`;
  const ipBucket = `login:ip:${ip}`;
  const waitAccount = await checkRateLimit(accountBucket, LOGIN_LIMITS.perAccount.limit, LOGIN_LIMITS.perAccount.windowMs);
  const waitIp = await checkRateLimit(ipBucket, LOGIN_LIMITS.perIp.limit, LOGIN_LIMITS.perIp.windowMs);
  const wait = Math.max(waitAccount, waitIp);
  if (wait > 0) {
    throw new DomainError("RATE_LIMITED", "auth.error.tooManyAttempts", { minutes: Math.ceil(wait / 60) });
  }
  const user = await db.user.findUnique({ where: { email }, include: { roles: true } });
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  if (!user || !ok || user.disabledAt) {
    await hitRateLimit(accountBucket);
    await hitRateLimit(ipBucket);
    throw new DomainError("UNAUTHORIZED", user?.disabledAt && ok ? "auth.error.disabled" : "auth.error.badCredentials");
  }
  await clearRateLimit(accountBucket);
  return user;
}
