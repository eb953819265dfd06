/**
 * Cheap spam checks for the public report form, before anything is stored:
 * a honeypot field people never see, a minimum time between loading and sending the form
 * (the form carries a signed start time, so it cannot simply be set back), and a cap on links
 * in the description. Duplicate reports are caught by open-case against the database.
 */
export const SPAM_RULES = {
  minFillMs: 3_000,
  /** A form older than this is stale (the signed time stops being a useful signal). */
  maxFormAgeMs: 24 * 3_600_000,
  maxLinks: 3,
} as const;

export const SPAM_REASONS = ["honeypot", "too_fast", "bad_form_token", "too_many_links"] as const;
type SpamReason = (typeof SPAM_REASONS)[number];

const LINK = /\bhttps?:\/\/|\bwww\.|\b[a-z0-9-]+\.(?:com|cn|net|org|ru|top|xyz|info|io)\b/gi;

export function countLinks(text: string): number {
  return (text.match(LINK) ?? []).length;
}

/** `formToken` is "<startedAtMs>.<signature>"; `sign` gives the expected signature of the time. */
export function spamCheck(
  input: { honeypot: string | null | undefined; formToken: string | null | undefined; description: string; now: number },
  sign: (startedAtMs: string) => string,
): SpamReason | null {
  if (input.honeypot && input.honeypot.trim() !== "") return "honeypot";
  const [startedAt, signature] = (input.formToken ?? "").split(".");
  if (!startedAt || !/^\d{10,16}$/.test(startedAt) || !signature || sign(startedAt) !== signature) return "bad_form_token";
  const elapsed = input.now - Number(startedAt);
  if (elapsed < SPAM_RULES.minFillMs) return "too_fast";
  if (elapsed > SPAM_RULES.maxFormAgeMs) return "bad_form_token";
  if (countLinks(input.description) > SPAM_RULES.maxLinks) return "too_many_links";
  return null;
}
