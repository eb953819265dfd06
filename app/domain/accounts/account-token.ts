/**
 * Rules for the single-use links mailed to a user (password reset, e-mail verification).
 * Pure: the server files create and consume the tokens, the pages may show the lifetimes.
 */
export const ACCOUNT_TOKEN_PURPOSES = ["reset", "verify"] as const;
export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

/** A reset link is a live credential: one hour. A verification link only proves the mailbox. */
export const ACCOUNT_TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  reset: 60 * 60_000,
  verify: 48 * 60 * 60_000,
};

/** 32 random bytes, base64url: 43 characters. Anything else is not one of ours. */
export const ACCOUNT_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

type AccountTokenState = "valid" | "used" | "expired";

export function accountTokenState(token: { expiresAt: Date; usedAt: Date | null }, now: Date): AccountTokenState {
  if (token.usedAt) return "used";
  if (token.expiresAt.getTime() <= now.getTime()) return "expired";
  return "valid";
}

export function accountTokenExpiry(purpose: AccountTokenPurpose, now: Date): Date {
  return new Date(now.getTime() + ACCOUNT_TOKEN_TTL_MS[purpose]);
}
