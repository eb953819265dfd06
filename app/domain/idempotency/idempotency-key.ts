/**
 * Idempotency keys of forms that create something (a work, a licence request): the page renders
 * a random key into a hidden field; the server stores it with what the submission created, and a
 * second submission with the same key (a double click, a browser retry after a timeout) gets the
 * first result instead of a duplicate.
 */
export const IDEMPOTENCY_FIELD = "idempotencyKey";
const KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** A fresh key for a form being rendered (loader side). */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/** The submitted key, or null when absent or malformed (then the submission is just not deduplicated). */
export function parseIdempotencyKey(value: unknown): string | null {
  return typeof value === "string" && KEY_PATTERN.test(value) ? value : null;
}
