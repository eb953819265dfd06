/**
 * Creating, reading and spending the single-use links of account-token.ts. The raw token only
 * ever exists in the mail; the database keeps its SHA-256.
 */
import crypto from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { sha256hex } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/utils/db.server";
import { isLocale, translate, type Locale } from "~/utils/i18n";
import { sendMail } from "~/utils/mailer.server";
import { ACCOUNT_TOKEN_PATTERN, ACCOUNT_TOKEN_TTL_MS, accountTokenExpiry, accountTokenState, type AccountTokenPurpose } from "./account-token";

function newAccountToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** A new link for the user; earlier unused links of the same purpose stop working. */
export async function issueAccountToken(
  tx: Tx,
  { userId, email, purpose, now = new Date() }: { userId: string; email: string; purpose: AccountTokenPurpose; now?: Date },
) {
  await tx.accountToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
  const token = newAccountToken();
  const row = await tx.accountToken.create({
    data: { userId, email, purpose, tokenHash: sha256hex(token), expiresAt: accountTokenExpiry(purpose, now), createdAt: now },
  });
  return { token, expiresAt: row.expiresAt };
}

/** The stored row of a link and its state, without spending it (for showing the form). */
export async function findAccountToken(
  db: PrismaClient | Tx,
  { token, purpose, now = new Date() }: { token: string; purpose: AccountTokenPurpose; now?: Date },
) {
  if (!ACCOUNT_TOKEN_PATTERN.test(token)) return null;
  const row = await db.accountToken.findUnique({ where: { tokenHash: sha256hex(token) } });
  if (!row || row.purpose !== purpose) return null;
  return { row, state: accountTokenState(row, now) };
}

/**
 * Spend a link inside the caller's transaction. The conditional update is what makes it single
 * use: of two concurrent requests with the same link only one sees count 1.
 */
export async function consumeAccountToken(tx: Tx, { token, purpose, now = new Date() }: { token: string; purpose: AccountTokenPurpose; now?: Date }) {
  const found = await findAccountToken(tx, { token, purpose, now });
  if (!found) throw new DomainError("NOT_FOUND", "account.error.linkInvalid");
  if (found.state === "expired") throw new DomainError("NOT_FOUND", "account.error.linkExpired");
  if (found.state === "used") throw new DomainError("NOT_FOUND", "account.error.linkUsed");
  const { count } = await tx.accountToken.updateMany({ where: { id: found.row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (count !== 1) throw new DomainError("NOT_FOUND", "account.error.linkUsed");
  return found.row;
}

const MAIL_KEYS = {
  reset: "account.mail.reset",
  forcedReset: "account.mail.forcedReset",
  verify: "account.mail.verify",
} as const;

/** The link mail, in the user's language. Send after the transaction that issued the token. */
export async function mailAccountLink({
  to,
  locale,
  kind,
  link,
  dataDir,
}: {
  to: string;
  locale: string;
  kind: keyof typeof MAIL_KEYS;
  link: string;
  dataDir?: string;
}) {
  const lang: Locale = isLocale(locale) ? locale : "zh-CN";
  const purpose: AccountTokenPurpose = kind === "verify" ? "verify" : "reset";
  const hours = ACCOUNT_TOKEN_TTL_MS[purpose] / 3_600_000;
  const key = MAIL_KEYS[kind];
  return sendMail(
    {
      to,
      kind: `account.${kind}`,
      subject: translate(lang, `${key}.subject`),
      text: translate(lang, `${key}.body`, { link, hours }),
    },
    { dataDir },
  );
}
