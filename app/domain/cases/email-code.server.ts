/**
 * One-time codes that confirm an anonymous reporter's email address. Codes are 6 digits, stored
 * hashed (SHA-256 of row id + code), valid 15 minutes, 5 wrong tries per code. `checkEmailCode`
 * counts a wrong try outside any transaction (so a failed report still counts it); the caller
 * consumes the code inside its own transaction with `consumeEmailCode`, so a report that fails
 * later leaves the code usable.
 */
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/utils/db.server";

export const EMAIL_CODE = { ttlMs: 15 * 60_000, maxAttempts: 5, length: 6 } as const;

export const normalizeEmail = (email: string) => email.normalize("NFKC").trim().toLowerCase();

export function hashEmailCode(id: string, code: string): string {
  return createHash("sha256").update(`${id}:${code}`).digest("hex");
}

export function newEmailCode(): string {
  return String(randomInt(0, 10 ** EMAIL_CODE.length)).padStart(EMAIL_CODE.length, "0");
}

/** The id of the matching, unexpired, unused code; throws cases.error.codeWrong / codeExpired. */
export async function checkEmailCode({
  db,
  email,
  purpose,
  code,
  now = new Date(),
}: {
  db: PrismaClient;
  email: string;
  purpose: string;
  code: string;
  now?: Date;
}): Promise<string> {
  const row = await db.emailVerification.findFirst({
    where: { email: normalizeEmail(email), purpose, consumedAt: null },
    orderBy: { createdAt: "desc" },
  });
  if (!row || row.expiresAt.getTime() <= now.getTime() || row.attempts >= EMAIL_CODE.maxAttempts) {
    throw new DomainError("UNPROCESSABLE", "cases.error.codeExpired");
  }
  const expected = Buffer.from(row.codeHash, "hex");
  const actual = Buffer.from(hashEmailCode(row.id, code.trim()), "hex");
  if (!timingSafeEqual(expected, actual)) {
    await db.emailVerification.update({ where: { id: row.id }, data: { attempts: { increment: 1 } } });
    throw new DomainError("UNPROCESSABLE", "cases.error.codeWrong", { left: Math.max(0, EMAIL_CODE.maxAttempts - row.attempts - 1) });
  }
  return row.id;
}

/** Inside the caller's transaction: a code is used once, even by two concurrent reports. */
export async function consumeEmailCode(tx: Tx, id: string, now = new Date()): Promise<void> {
  const { count } = await tx.emailVerification.updateMany({ where: { id, consumedAt: null }, data: { consumedAt: now } });
  if (count !== 1) throw new DomainError("CONFLICT", "cases.error.codeExpired");
}
