/**
 * Response security headers. Documents get a Content-Security-Policy with a per-request nonce
 * for the inline scripts Remix writes (context, route modules, scroll restoration); every other
 * response gets a policy that allows nothing to run. See docs/decisions/ for the reasoning.
 */
import crypto from "node:crypto";

/**
 * Stripe Checkout and Connect onboarding are reached by redirect after a form post to our own
 * origin; Chromium applies form-action to that redirect, so those origins must be listed.
 */
const FORM_ACTION_ORIGINS = ["https://checkout.stripe.com", "https://connect.stripe.com"];

const NONCE_BYTES = 18;
/** CSPRNG bytes drawn 256 nonces at a time: one `randomFillSync` call costs as much as the page's nonce work. */
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let nonceAt = noncePool.length;

/** A fresh 144-bit nonce from the operating system's CSPRNG; no byte is ever handed out twice. */
export function makeNonce(): string {
  if (nonceAt === noncePool.length) {
    crypto.randomFillSync(noncePool);
    nonceAt = 0;
  }
  const nonce = noncePool.toString("base64", nonceAt, nonceAt + NONCE_BYTES);
  nonceAt += NONCE_BYTES;
  return nonce;
}

export function documentCsp(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    `form-action 'self' ${FORM_ACTION_ORIGINS.join(" ")}`,
  ].join("; ");
}

/** For JSON, files, images, PDFs, redirects: nothing in them may run or be framed. */
export const DEFAULT_CSP = "default-src 'none'; img-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** HSTS and Secure cookies only when the public address is https (never on plain-http installs). */
export function isHttpsDeployment(publicUrl: string | undefined | null): boolean {
  return typeof publicUrl === "string" && publicUrl.trim().toLowerCase().startsWith("https://");
}

export const HSTS = "max-age=31536000; includeSubDomains";

/** Headers every response carries (documents add their own CSP on top). */
export function baseSecurityHeaders(publicUrl: string | undefined | null): Record<string, string> {
  const h: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
  };
  if (isHttpsDeployment(publicUrl)) h["Strict-Transport-Security"] = HSTS;
  return h;
}
