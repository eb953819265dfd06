/**
 * Webhook signature check. The route must hand over the request body exactly as received
 * (the raw bytes, read under the 1 MB webhook cap by `readBodyBytes`): re-serialised JSON no
 * longer matches the signature.
 */
import type Stripe from "stripe";
import { DomainError } from "~/domain/errors";

export function verifyStripeWebhook({
  stripe,
  rawBody,
  signatureHeader,
  secret,
  toleranceSeconds,
}: {
  stripe: Stripe;
  rawBody: string | Uint8Array;
  signatureHeader: string | null | undefined;
  secret: string;
  /** Max age of the signed timestamp; Stripe's default (300 s) when omitted. */
  toleranceSeconds?: number;
}): Stripe.Event {
  if (!signatureHeader) throw new DomainError("BAD_INPUT", "licensing.error.badWebhookSignature", { reason: "missing" });
  if (!secret) throw new DomainError("UPSTREAM", "licensing.error.paymentsNotConfigured");
  try {
    return stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, toleranceSeconds);
  } catch (e) {
    const reason = e instanceof Error && e.message.includes("tolerance") ? "too_old" : "mismatch";
    throw new DomainError("BAD_INPUT", "licensing.error.badWebhookSignature", { reason });
  }
}
