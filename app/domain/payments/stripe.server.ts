/**
 * The Stripe boundary: one configured client and the few calls Kilnmark makes. Deals are paid
 * with Checkout as *destination charges* (Stripe Connect): the platform — the exchange center —
 * charges the licensee in CNY, keeps `application_fee_amount`, and Stripe transfers the rest to
 * the artisan's connected account.
 *
 * stripe 23 removed `payment_method_types` from Checkout Session create params; the methods are
 * now given as `allowed_payment_method_types` (a filter on what the account has enabled), see
 * node_modules/stripe/CHANGELOG.md 23.0.0. WeChat Pay in Checkout needs
 * payment_method_options.wechat_pay.client = "web".
 */
import Stripe from "stripe";
import { DomainError } from "~/domain/errors";
import type { Locale } from "~/utils/i18n";

export type StripeEnv = {
  STRIPE_SECRET_KEY?: string;
  /** Override the API host (tests, stripe-mock); defaults to api.stripe.com. */
  STRIPE_API_HOST?: string;
  STRIPE_API_PORT?: string | number;
  STRIPE_API_PROTOCOL?: string;
};

const clients = new Map<string, Stripe>();

/**
 * The SDK client for this configuration (one per distinct configuration, reused). Pass
 * `getEnv()` from ~/utils/env.server in the app, or a fake server's env in tests.
 */
export function getStripe(env: StripeEnv): Stripe {
  const key = env.STRIPE_SECRET_KEY;
  if (!key) throw new DomainError("UPSTREAM", "licensing.error.paymentsNotConfigured");
  const protocol = env.STRIPE_API_PROTOCOL || undefined;
  if (protocol !== undefined && protocol !== "http" && protocol !== "https") {
    throw new Error(`STRIPE_API_PROTOCOL must be http or https, not ${protocol}`);
  }
  const host = env.STRIPE_API_HOST || undefined;
  const port = env.STRIPE_API_PORT ? Number(env.STRIPE_API_PORT) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new Error(`STRIPE_API_PORT is not a port: ${env.STRIPE_API_PORT}`);
  }
  const cacheKey = JSON.stringify([key, host, port, protocol]);
  let client = clients.get(cacheKey);
  if (!client) {
    client = new Stripe(key, {
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
      ...(protocol ? { protocol } : {}),
      appInfo: { name: "Kilnmark" },
    });
    clients.set(cacheKey, client);
  }
  return client;
}

const CHECKOUT_PAYMENT_METHODS = ["card", "alipay", "wechat_pay"] as const;

type DealCheckoutInput = {
  stripe: Stripe;
  deal: {
    /** Human-facing deal reference, also put on the session as client_reference_id. */
    reference: string;
    /** Total the licensee pays, in fen. */
    amountFen: number;
    /** The exchange center's fee, in fen (see splitFee); the artisan receives amountFen − feeFen. */
    feeFen: number;
    /** Shown on the Checkout page, e.g. the work's title and "licence". */
    title: string;
    description?: string;
  };
  /** Our Payment row id: one Checkout Session per payment (also the idempotency key). */
  paymentId: string;
  /** The artisan's Stripe Connect account (acct_…). */
  destinationAccountId: string;
  successUrl: string;
  cancelUrl: string;
  customerEmail?: string;
  locale: Locale;
};

type DealCheckout = { sessionId: string; url: string; expiresAt: Date };

function checkoutLocale(locale: Locale): Stripe.Checkout.SessionCreateParams.Locale {
  return locale === "zh-CN" ? "zh" : "en";
}

export async function createDealCheckout(input: DealCheckoutInput): Promise<DealCheckout> {
  const { stripe, deal, paymentId } = input;
  if (!Number.isSafeInteger(deal.amountFen) || deal.amountFen <= 0) {
    throw new DomainError("BAD_INPUT", "licensing.error.badCheckoutAmount", { amountFen: deal.amountFen });
  }
  if (!Number.isSafeInteger(deal.feeFen) || deal.feeFen < 0 || deal.feeFen > deal.amountFen) {
    throw new DomainError("BAD_INPUT", "licensing.error.badCheckoutAmount", { feeFen: deal.feeFen });
  }
  const metadata = { dealReference: deal.reference, paymentId };
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "payment",
    client_reference_id: deal.reference,
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: "cny",
          unit_amount: deal.amountFen,
          product_data: {
            name: deal.title,
            ...(deal.description ? { description: deal.description } : {}),
          },
        },
      },
    ],
    allowed_payment_method_types: [...CHECKOUT_PAYMENT_METHODS],
    payment_method_options: { wechat_pay: { client: "web" } },
    payment_intent_data: {
      application_fee_amount: deal.feeFen,
      transfer_data: { destination: input.destinationAccountId },
      description: `${deal.reference} ${deal.title}`.slice(0, 1000),
      metadata,
    },
    metadata,
    success_url: input.successUrl,
    cancel_url: input.cancelUrl,
    locale: checkoutLocale(input.locale),
    ...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
  };
  const session = await stripe.checkout.sessions.create(params, { idempotencyKey: `kilnmark-checkout-${paymentId}` });
  if (!session.url) throw new DomainError("UPSTREAM", "licensing.error.paymentsNotConfigured");
  return { sessionId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
}

export type CheckoutState = {
  sessionId: string;
  /** open | complete | expired */
  status: string | null;
  /** paid | unpaid | no_payment_required — "paid" is the only state that activates a deal. */
  paymentStatus: string;
  paymentIntentId: string | null;
  paymentIntentStatus: string | null;
  amountTotalFen: number | null;
  currency: string | null;
  applicationFeeFen: number | null;
  destinationAccountId: string | null;
  metadata: Record<string, string>;
};

/**
 * Re-reads a Checkout Session and its PaymentIntent from Stripe, so a webhook handler acts on
 * Stripe's current state rather than on the (replayable, reorderable) event body.
 */
export async function getCheckoutState({ stripe, sessionId }: { stripe: Stripe; sessionId: string }): Promise<CheckoutState> {
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  const piId = typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null);
  const pi = piId ? await stripe.paymentIntents.retrieve(piId) : null;
  const destination = pi?.transfer_data?.destination;
  return {
    sessionId: session.id,
    status: session.status,
    paymentStatus: session.payment_status,
    paymentIntentId: piId,
    paymentIntentStatus: pi?.status ?? null,
    amountTotalFen: session.amount_total,
    currency: session.currency,
    applicationFeeFen: pi?.application_fee_amount ?? null,
    destinationAccountId: typeof destination === "string" ? destination : (destination?.id ?? null),
    metadata: (session.metadata ?? {}) as Record<string, string>,
  };
}

type ConnectOnboardingInput = {
  stripe: Stripe;
  /** Existing connected account; when absent a new Express account is created. */
  accountId?: string | null;
  email: string;
  refreshUrl: string;
  returnUrl: string;
  /**
   * ISO country of the artisan's business. Stripe cannot onboard connected accounts in mainland
   * China; Jingdezhen studios typically use a Hong Kong entity, hence the default.
   */
  country?: string;
  metadata?: Record<string, string>;
};

/**
 * Creates (if needed) an Express connected account — written with `controller`, as the SDK marks
 * `type` deprecated — and a one-time onboarding link. Store the returned accountId before
 * redirecting: the link expires within minutes, the account does not.
 */
export async function createConnectOnboardingLink(input: ConnectOnboardingInput): Promise<{ accountId: string; url: string; expiresAt: Date }> {
  const { stripe } = input;
  let accountId = input.accountId ?? null;
  if (!accountId) {
    const account = await stripe.accounts.create({
      country: input.country ?? "HK",
      email: input.email,
      controller: {
        stripe_dashboard: { type: "express" },
        fees: { payer: "application" },
        losses: { payments: "application" },
        requirement_collection: "stripe",
      },
      capabilities: { transfers: { requested: true } },
      ...(input.metadata ? { metadata: input.metadata } : {}),
    });
    accountId = account.id;
  }
  const link = await stripe.accountLinks.create({
    account: accountId,
    type: "account_onboarding",
    refresh_url: input.refreshUrl,
    return_url: input.returnUrl,
  });
  return { accountId, url: link.url, expiresAt: new Date(link.expires_at * 1000) };
}

export type ConnectAccountStatus = {
  accountId: string;
  detailsSubmitted: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  /** Destination charges need the transfers capability active. */
  canReceivePayouts: boolean;
};

export async function getConnectAccountStatus({ stripe, accountId }: { stripe: Stripe; accountId: string }): Promise<ConnectAccountStatus> {
  const a = await stripe.accounts.retrieve(accountId);
  return {
    accountId: a.id,
    detailsSubmitted: a.details_submitted ?? false,
    chargesEnabled: a.charges_enabled ?? false,
    payoutsEnabled: a.payouts_enabled ?? false,
    canReceivePayouts: a.capabilities?.transfers === "active" && (a.payouts_enabled ?? false),
  };
}
