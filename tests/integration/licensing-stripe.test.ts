/**
 * The Stripe path through the REAL SDK against tests/setup/fake-stripe.ts, and webhooks signed for
 * real: Connect onboarding, Checkout for a deal, and the webhook handler's idempotency.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { completeProfile, createRegisteredWork, terms } from "../setup/factories-licensing";
import { FAKE_WEBHOOK_SECRET, startFakeStripe, type FakeStripe } from "../setup/fake-stripe";
import { createOffer } from "~/domain/licensing/create-offer.server";
import { requestDeal } from "~/domain/licensing/request-deal.server";
import { approveDeal } from "~/domain/licensing/approve-deal.server";
import { startCheckout } from "~/domain/payments/start-checkout.server";
import { startConnectOnboarding, getConnectStatus } from "~/domain/payments/start-connect-onboarding.server";
import { handleStripeEvent, type WebhookEnv } from "~/domain/payments/handle-stripe-event.server";
import { resetEnvCache } from "~/utils/env.server";

let t: TestDb;
let fake: FakeStripe;
let env: WebhookEnv;
let artisan: Awaited<ReturnType<typeof createTestUser>>;
let unconnected: Awaited<ReturnType<typeof createTestUser>>;
let licensee: Awaited<ReturnType<typeof createTestUser>>;
let officer: Awaited<ReturnType<typeof createTestUser>>;
const ORIGIN = "https://kilnmark.test";

beforeAll(async () => {
  t = await createTestDb();
  fake = await startFakeStripe();
  env = { ...fake.env, STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET };
  artisan = await createTestUser(t.db, "artisan");
  unconnected = await createTestUser(t.db, "artisan");
  licensee = await createTestUser(t.db, "licensee");
  officer = await createTestUser(t.db, "officer");
  await completeProfile(t.db, licensee.id);
});
afterAll(async () => {
  await fake?.close();
  await t?.cleanup();
});

async function approvedDeal(owner = artisan.id, amountFen = 880_000) {
  const work = await createRegisteredWork(t.db, { ownerUserId: owner });
  const offer = await createOffer({ db: t.db, actorId: owner, workId: work.id, terms: terms({ upfrontFeeFen: amountFen }) });
  const deal = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms({ upfrontFeeFen: amountFen }) });
  const { paymentId } = await approveDeal({ db: t.db, actorId: officer.id, dealId: deal.id, feeBps: 1000, paymentMethod: "stripe" });
  return { deal, paymentId: paymentId! };
}

async function deliver(type: string, object: Record<string, unknown>, secret = FAKE_WEBHOOK_SECRET) {
  const { payload, header, event } = fake.signedEvent(type, object, secret);
  return { ...(await handleStripeEvent({ db: t.db, env, rawBody: payload, signatureHeader: header })), event };
}

describe("Connect onboarding", () => {
  it("creates an Express account once, stores it, and reports its status", async () => {
    const url = await startConnectOnboarding({ db: t.db, env, actorId: artisan.id, origin: ORIGIN });
    expect(url).toMatch(/^https:\/\/connect\.stripe\.com\/setup\/e\/acct_/);
    const user = await t.db.user.findUniqueOrThrow({ where: { id: artisan.id } });
    expect(user.stripeAccountId).toMatch(/^acct_/);
    const create = fake.requests.find((r) => r.path === "/v1/accounts" && r.method === "POST")!;
    expect(create.body).toMatchObject({
      email: artisan.email,
      controller: { stripe_dashboard: { type: "express" } },
      capabilities: { transfers: { requested: "true" } },
    });
    expect(fake.requests.find((r) => r.path === "/v1/account_links")!.body).toMatchObject({
      account: user.stripeAccountId,
      type: "account_onboarding",
      return_url: `${ORIGIN}/connect?return=1`,
    });

    await startConnectOnboarding({ db: t.db, env, actorId: artisan.id, origin: ORIGIN });
    expect(fake.requests.filter((r) => r.path === "/v1/accounts" && r.method === "POST")).toHaveLength(1);
    expect(await getConnectStatus({ db: t.db, env, userId: artisan.id })).toMatchObject({ canReceivePayouts: false });
    fake.setAccountStatus(user.stripeAccountId!, { detailsSubmitted: true, chargesEnabled: true, payoutsEnabled: true });
    expect(await getConnectStatus({ db: t.db, env, userId: artisan.id })).toMatchObject({ canReceivePayouts: true });
    await expect(startConnectOnboarding({ db: t.db, env, actorId: licensee.id, origin: ORIGIN })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("Checkout for an approved deal", () => {
  it("asks Stripe for a CNY destination charge with card, Alipay and WeChat Pay and the exchange fee", async () => {
    const { deal, paymentId } = await approvedDeal();
    const before = fake.requests.length;
    const checkout = await startCheckout({ db: t.db, env, actorId: licensee.id, paymentId, origin: ORIGIN, locale: "en" });
    expect(checkout.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const req = fake.requests.slice(before).find((r) => r.path === "/v1/checkout/sessions" && r.method === "POST")!;
    const acct = (await t.db.user.findUniqueOrThrow({ where: { id: artisan.id } })).stripeAccountId;
    expect(req.body).toMatchObject({
      mode: "payment",
      client_reference_id: deal.reference,
      line_items: [{ quantity: "1", price_data: { currency: "cny", unit_amount: "880000" } }],
      allowed_payment_method_types: ["card", "alipay", "wechat_pay"],
      payment_method_options: { wechat_pay: { client: "web" } },
      payment_intent_data: { application_fee_amount: "88000", transfer_data: { destination: acct }, metadata: { paymentId } },
      success_url: `${ORIGIN}/deals/${deal.reference}?paid=1`,
    });
    expect(req.headers["idempotency-key"]).toBe(`kilnmark-checkout-${paymentId}`);
    expect((await t.db.payment.findUniqueOrThrow({ where: { id: paymentId } })).stripeCheckoutSessionId).toBe(checkout.sessionId);
    // another licensee cannot pay (or see) it
    const other = await createTestUser(t.db, "licensee");
    await expect(startCheckout({ db: t.db, env, actorId: other.id, paymentId, origin: ORIGIN, locale: "en" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("says so when the artisan has no connected account", async () => {
    const { paymentId } = await approvedDeal(unconnected.id);
    await expect(startCheckout({ db: t.db, env, actorId: licensee.id, paymentId, origin: ORIGIN, locale: "zh-CN" })).rejects.toMatchObject({
      messageKey: "licensing.error.artisanNotConnected",
    });
  });
});

describe("webhooks", () => {
  async function paidCheckout() {
    const { deal, paymentId } = await approvedDeal();
    const checkout = await startCheckout({ db: t.db, env, actorId: licensee.id, paymentId, origin: ORIGIN, locale: "en" });
    return { deal, paymentId, sessionId: checkout.sessionId };
  }
  const snapshot = async (dealId: string) => ({
    deal: await t.db.deal.findUniqueOrThrow({ where: { id: dealId }, select: { status: true, licenseNumber: true } }),
    payments: await t.db.payment.findMany({ where: { dealId }, select: { status: true } }),
    events: await t.db.processedWebhookEvent.count(),
    audit: await t.db.auditEvent.count(),
  });

  it("answers 400 to a bad signature and changes nothing", async () => {
    const { deal, sessionId } = await paidCheckout();
    fake.payCheckoutSession(sessionId);
    const before = await snapshot(deal.id);
    const r = await deliver("checkout.session.completed", fake.sessions.get(sessionId)!, "whsec_not_the_right_secret");
    expect(r).toMatchObject({ status: 400, outcome: "bad_signature" });
    const tampered = fake.signedEvent("checkout.session.completed", fake.sessions.get(sessionId)!);
    const r2 = await handleStripeEvent({ db: t.db, env, rawBody: tampered.payload.replace("complete", "completf"), signatureHeader: tampered.header });
    expect(r2.status).toBe(400);
    const r3 = await handleStripeEvent({ db: t.db, env, rawBody: tampered.payload, signatureHeader: null });
    expect(r3.status).toBe(400);
    expect(await snapshot(deal.id)).toEqual(before);
    expect(before.deal.status).toBe("approved");
  });

  it("does not trust the event body: an unpaid session stays unpaid whatever the event says", async () => {
    const { deal, sessionId } = await paidCheckout();
    const forged = { ...fake.sessions.get(sessionId)!, payment_status: "paid", status: "complete" };
    const r = await deliver("checkout.session.completed", forged);
    expect(r.outcome).toBe("not_paid");
    expect((await snapshot(deal.id)).deal.status).toBe("approved");
  });

  it("activates once when the same event arrives three times", async () => {
    const { deal, paymentId, sessionId } = await paidCheckout();
    fake.payCheckoutSession(sessionId);
    const { payload, header } = fake.signedEvent("checkout.session.completed", fake.sessions.get(sessionId)!);
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await handleStripeEvent({ db: t.db, env, rawBody: payload, signatureHeader: header })).outcome);
    expect(outcomes).toEqual(["settled", "duplicate", "duplicate"]);
    // and a different event for the same payment later is harmless too
    expect((await deliver("checkout.session.async_payment_succeeded", fake.sessions.get(sessionId)!)).outcome).toBe("already_settled");
    const s = await snapshot(deal.id);
    expect(s.deal.status).toBe("active");
    expect(s.deal.licenseNumber).toMatch(/^JDZL-/);
    expect(await t.db.auditEvent.count({ where: { action: "deal.activated", entityId: deal.id } })).toBe(1);
    const pay = await t.db.payment.findUniqueOrThrow({ where: { id: paymentId } });
    expect(pay).toMatchObject({ status: "succeeded", method: "stripe" });
    expect(pay.stripePaymentIntentId).toMatch(/^pi_/);
  });

  it("reaches the right end state when payment_intent.succeeded comes before checkout.session.completed", async () => {
    const { deal, sessionId } = await paidCheckout();
    fake.payCheckoutSession(sessionId);
    const pi = fake.paymentIntents.get(fake.sessions.get(sessionId)!.payment_intent)!;
    expect((await deliver("payment_intent.succeeded", pi)).outcome).toBe("settled");
    expect((await deliver("checkout.session.completed", fake.sessions.get(sessionId)!)).outcome).toBe("already_settled");
    expect((await snapshot(deal.id)).deal.status).toBe("active");
    expect(await t.db.auditEvent.count({ where: { action: "deal.activated", entityId: deal.id } })).toBe(1);
  });

  it("answers 200 to unknown event types without changing anything", async () => {
    const before = await t.db.deal.count({ where: { status: "active" } });
    const r = await deliver("customer.created", { id: "cus_123", object: "customer" });
    expect(r).toMatchObject({ status: 200, outcome: "ignored" });
    expect(await t.db.deal.count({ where: { status: "active" } })).toBe(before);
  });

  it("works through the route with the raw body", async () => {
    Object.assign(process.env, env);
    resetEnvCache();
    const { action } = await import("~/routes/webhooks+/stripe");
    const { deal, sessionId } = await paidCheckout();
    fake.payCheckoutSession(sessionId);
    const { payload, header } = fake.signedEvent("checkout.session.completed", fake.sessions.get(sessionId)!);
    const call = (sig: string) =>
      action({
        request: new Request("http://x/webhooks/stripe", { method: "POST", body: payload, headers: { "stripe-signature": sig } }),
        params: {},
        context: {},
      });
    expect((await call(header.replace(/v1=[0-9a-f]+/, "v1=" + "0".repeat(64)))).status).toBe(400);
    expect((await snapshot(deal.id)).deal.status).toBe("approved");
    const ok = await call(header);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ received: true, outcome: "settled" });
    expect((await snapshot(deal.id)).deal.status).toBe("active");
  });
});
