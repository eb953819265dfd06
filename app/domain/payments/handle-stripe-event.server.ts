/**
 * Stripe webhooks. The event body is only a hint: it can be replayed, arrive twice or out of
 * order, so the handler finds OUR payment from it, re-reads the Checkout Session and its
 * PaymentIntent from Stripe, and settles the payment only when Stripe says it is paid, for the
 * amount due. Each event id is recorded once, in the same transaction as the change it caused.
 */
import type { Payment, PrismaClient } from "@prisma/client";
import type Stripe from "stripe";
import { isDomainError } from "~/domain/errors";
import { retryOnUniqueViolation } from "~/domain/licensing/activate-deal.server";
import { getCheckoutState, getStripe, type CheckoutState, type StripeEnv } from "./stripe.server";
import { verifyStripeWebhook } from "./stripe-webhook.server";
import { settlePaymentInTx } from "./settle-payment.server";

export type WebhookEnv = StripeEnv & { STRIPE_WEBHOOK_SECRET?: string };

type WebhookOutcome = "bad_signature" | "duplicate" | "ignored" | "unknown_payment" | "not_paid" | "mismatch" | "settled" | "already_settled";

const SESSION_EVENTS = new Set([
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
]);
const PAYMENT_INTENT_EVENTS = new Set(["payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.processing"]);

class AlreadyProcessed extends Error {}

async function findPayment(db: PrismaClient, event: Stripe.Event): Promise<Payment | null> {
  const obj = event.data.object as { id?: string; metadata?: Record<string, string> | null };
  const byMetadata = obj.metadata?.paymentId ? await db.payment.findUnique({ where: { id: obj.metadata.paymentId } }) : null;
  if (SESSION_EVENTS.has(event.type) && obj.id) {
    return (await db.payment.findUnique({ where: { stripeCheckoutSessionId: obj.id } })) ?? byMetadata;
  }
  if (PAYMENT_INTENT_EVENTS.has(event.type) && obj.id) {
    return (await db.payment.findUnique({ where: { stripePaymentIntentId: obj.id } })) ?? byMetadata;
  }
  return null;
}

function matchesPayment(state: CheckoutState, payment: Payment): boolean {
  return (
    state.amountTotalFen === payment.amountFen &&
    state.currency === payment.currency &&
    (state.applicationFeeFen === null || state.applicationFeeFen === payment.feeFen) &&
    (!state.metadata.paymentId || state.metadata.paymentId === payment.id)
  );
}

export async function handleStripeEvent({
  db,
  env,
  rawBody,
  signatureHeader,
}: {
  db: PrismaClient;
  env: WebhookEnv;
  /** Exactly the bytes received: the signature covers them. */
  rawBody: string | Buffer;
  signatureHeader: string | null;
}): Promise<{ status: number; outcome: WebhookOutcome }> {
  let event: Stripe.Event;
  try {
    const stripe = getStripe(env);
    event = verifyStripeWebhook({ stripe, rawBody, signatureHeader, secret: env.STRIPE_WEBHOOK_SECRET ?? "" });
  } catch (e) {
    if (isDomainError(e)) return { status: 400, outcome: "bad_signature" };
    throw e;
  }
  if (await db.processedWebhookEvent.findUnique({ where: { id: event.id } })) return { status: 200, outcome: "duplicate" };

  const known = SESSION_EVENTS.has(event.type) || PAYMENT_INTENT_EVENTS.has(event.type);
  const payment = known ? await findPayment(db, event) : null;
  // The network read happens before the transaction; if Stripe cannot be reached the handler
  // throws, the route answers 500, nothing is recorded, and Stripe delivers the event again.
  const state = payment?.stripeCheckoutSessionId ? await getCheckoutState({ stripe: getStripe(env), sessionId: payment.stripeCheckoutSessionId }) : null;

  try {
    const outcome = await retryOnUniqueViolation(() =>
      db.$transaction(async (tx): Promise<WebhookOutcome> => {
        try {
          await tx.processedWebhookEvent.create({ data: { id: event.id, type: event.type } });
        } catch (e) {
          if ((e as { code?: string }).code === "P2002") throw new AlreadyProcessed();
          throw e;
        }
        if (!known) return "ignored";
        if (!payment || !state) return "unknown_payment";
        const paid = state.paymentStatus === "paid" || state.paymentIntentStatus === "succeeded";
        if (!paid) return "not_paid";
        if (!matchesPayment(state, payment)) {
          console.error(
            `[stripe] payment ${payment.id}: Stripe reports ${state.amountTotalFen} ${state.currency}, fee ${state.applicationFeeFen}; not settled`,
          );
          return "mismatch";
        }
        const settled = await settlePaymentInTx({
          tx,
          paymentId: payment.id,
          actorId: null,
          settlement: { method: "stripe", stripePaymentIntentId: state.paymentIntentId },
        });
        return settled ? "settled" : "already_settled";
      }),
    );
    return { status: 200, outcome };
  } catch (e) {
    if (e instanceof AlreadyProcessed) return { status: 200, outcome: "duplicate" };
    throw e;
  }
}
