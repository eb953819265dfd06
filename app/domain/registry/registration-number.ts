/**
 * Registration numbers: JDZ-YYYY-NNNNNN-C, a yearly six-digit sequence plus a check character.
 *
 * The check character is ISO 7064 MOD 11-2 over the ten digits "YYYYNNNNNN" (0-9 or X) — the
 * same system as the check digit of the PRC resident identity number (GB 11643) and ORCID, so
 * people here already know what a trailing X means. MOD 11-2 is chosen over MOD 37-2 because
 * its result stays numeric-or-X (37-2 can produce "*", awkward in URLs and speech) while it
 * still detects every single-character substitution and every adjacent transposition: the
 * weights 2^i mod 11 of the eleven positions are all different and non-zero (2 has order 10
 * mod 11), so a change (a−b)·(wᵢ−wⱼ) can never be ≡ 0 mod 11 for digits a ≠ b.
 */
import { z } from "zod";

const REGISTRATION_PREFIX = "JDZ";
const MIN_SEQUENCE = 1;
export const MAX_SEQUENCE = 999_999;
const MIN_YEAR = 2000;
const MAX_YEAR = 9999;

/** ISO 7064 MOD 11-2 check character over a string of decimal digits. */
export function mod11_2CheckChar(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError("mod11_2CheckChar: digits only");
  let p = 0;
  for (const ch of digits) p = ((p + Number(ch)) * 2) % 11;
  const c = (12 - p) % 11;
  return c === 10 ? "X" : String(c);
}

function assertParts(year: number, seq: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`registration year out of range: ${year}`);
  }
  if (!Number.isInteger(seq) || seq < MIN_SEQUENCE || seq > MAX_SEQUENCE) {
    throw new RangeError(`registration sequence out of range: ${seq}`);
  }
}

/** JDZ-2026-000123-7. Throws RangeError for an impossible year or sequence (a programming error). */
export function formatRegistrationNumber(year: number, seq: number): string {
  assertParts(year, seq);
  const body = `${year}${String(seq).padStart(6, "0")}`;
  return `${REGISTRATION_PREFIX}-${year}-${body.slice(4)}-${mod11_2CheckChar(body)}`;
}

const PATTERN = /^JDZ-(\d{4})-(\d{6})-([0-9X])$/;

/**
 * Accepts what a person types (surrounding spaces, lower case, full-width characters) but
 * nothing looser: the hyphens are required so a number cannot be confused with other IDs.
 */
export function parseRegistrationNumber(s: string): { year: number; seq: number } | null {
  if (typeof s !== "string") return null;
  const m = PATTERN.exec(s.normalize("NFKC").trim().toUpperCase());
  if (!m) return null;
  const [, y, n, check] = m;
  const year = Number(y);
  const seq = Number(n);
  if (year < MIN_YEAR || seq < MIN_SEQUENCE) return null;
  if (mod11_2CheckChar(y + n) !== check) return null;
  return { year, seq };
}

export function isRegistrationNumber(s: string): boolean {
  return parseRegistrationNumber(s) !== null;
}

/** The canonical spelling, for storage and lookups; null when invalid. */
export function normalizeRegistrationNumber(s: string): string | null {
  const p = parseRegistrationNumber(s);
  return p ? formatRegistrationNumber(p.year, p.seq) : null;
}

const REGISTRATION_NUMBER_INVALID_KEY = "works.registrationNumber.invalid";

/** Zod schema for forms and query strings: yields the canonical spelling. */
export const registrationNumberSchema = z.string().transform((s, ctx) => {
  const n = normalizeRegistrationNumber(s);
  if (n === null) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: REGISTRATION_NUMBER_INVALID_KEY });
    return z.NEVER;
  }
  return n;
});
