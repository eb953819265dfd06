import { randomInt } from "node:crypto";
import { chinaYear } from "~/domain/time/china-time";

/** Crockford-style alphabet: no I, L, O, U, so a reference read over the phone is unambiguous. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * Deal references go on bank transfers ("KM-D-2026-7F3K9Q"): short, unguessable enough that one
 * deal's reference does not reveal how many others exist.
 */
export function newDealReference(now = new Date()): string {
  let s = "";
  for (let i = 0; i < 6; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `KM-D-${chinaYear(now)}-${s}`;
}
