/**
 * Unified Social Credit Code (统一社会信用代码), GB 32100-2015.
 *
 * 18 characters: registration authority (1), entity type (1), administrative division (6),
 * organisation code (9), check character (1). The alphabet is the 31 characters
 * 0-9 and A-Y without I, O, S, V, Z (they read like 1, 0, 5, U, 2); the check character is
 * 31 − (Σ value·weight mod 31), with 31 written as "0", where weight i is 3^i mod 31.
 * Only the check character and alphabet are enforced: the standard's own code tables
 * (authority and type codes) are amended from time to time, and rejecting a real company
 * because our table is stale would be worse than accepting a well-formed code.
 */
import { z } from "zod";

export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_LENGTH = 18;

const valueOf = (ch: string): number => USCC_ALPHABET.indexOf(ch);

/** Check character for the first 17 characters, or null if they are not 17 valid characters. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = valueOf(first17[i]);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return USCC_ALPHABET[c === 31 ? 0 : c];
}

/** Strict: exactly 18 upper-case characters with a correct check character. */
export function isValidUscc(s: string): boolean {
  if (typeof s !== "string" || s.length !== USCC_LENGTH) return false;
  const check = usccCheckChar(s.slice(0, 17));
  return check !== null && check === s[17];
}

/** What people paste: lower case, spaces, hyphens, full-width characters. */
export function normalizeUscc(s: string): string {
  return s
    .normalize("NFKC") // full-width Ａ１ → A1
    .replace(/[\s\-_]/g, "")
    .toUpperCase();
}

const USCC_INVALID_KEY = "works.uscc.invalid";

/** Zod schema: normalises, then requires a valid code; the message is an i18n key. */
export const usccSchema = z.string().transform(normalizeUscc).refine(isValidUscc, { message: USCC_INVALID_KEY });

/** For use inside an existing schema: `z.string().superRefine(refineUscc)`. */
export function refineUscc(value: string, ctx: z.RefinementCtx): void {
  if (!isValidUscc(normalizeUscc(value))) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: USCC_INVALID_KEY });
  }
}
