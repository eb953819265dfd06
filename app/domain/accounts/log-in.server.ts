import type { PrismaClient } from "@prisma/client";
import { DomainError } from "~/domain/errors";
import { addressKey } from "~/utils/client-address";
import { consumeEach, isRemembered, refund, remember, reset, type LimitName } from "~/utils/rate-limit.server";
import { burnPasswordCheck, verifyPassword } from "./password.server";

/** An address that logged into an account stays "known" for it this long. */
const KNOWN_ADDRESS_SECONDS = 90 * 24 * 3600;

/**
 * The limits a login attempt takes a point from, in order. An address that has logged into the
 * account before has its own bucket (account + address), so a stranger's failures, which fill
 * the account's bucket, cannot lock the owner out there. See docs/decisions/005-rate-limits.md.
 */
async function loginLimitKeys(email: string, ip: string): Promise<{ account: [LimitName, string]; address: [LimitName, string]; pair: string }> {
  const account = email.trim().toLowerCase();
  const address = addressKey(ip);
  const pair = `${account}|${address}`;
  const known = await isRemembered("login-address", pair, KNOWN_ADDRESS_SECONDS);
  return {
    account: known ? ["loginPerKnownAddress", pair] : ["loginPerAccount", account],
    address: ["loginPerAddress", address],
    pair,
  };
}

/**
 * Check credentials. Every attempt takes its points atomically *before* the password is
 * evaluated, so parallel guesses cannot outrun the count; over the limit, the key is locked with
 * exponential backoff (capped) and the message says how long. Success clears the account's
 * count and lockout history and gives the address its point back.
 */
export async function logIn({ db, email, password, ip }: { db: PrismaClient; email: string; password: string; ip: string }) {
  const keys = await loginLimitKeys(email, ip);
  const limited = await consumeEach(keys.account, keys.address);
  if (limited) throw limited;
  const user = await db.user.findUnique({ where: { email }, include: { roles: true } });
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  if (!user || !ok || user.disabledAt) {
    throw new DomainError("UNAUTHORIZED", user?.disabledAt && ok ? "auth.error.disabled" : "auth.error.badCredentials");
  }
  await reset(...keys.account);
  await refund(...keys.address);
  await remember("login-address", keys.pair, KNOWN_ADDRESS_SECONDS);
  return user;
}
