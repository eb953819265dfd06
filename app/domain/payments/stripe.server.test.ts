import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { DomainError } from "~/domain/errors";
import { splitFee } from "~/domain/licensing/fees";
import { FAKE_STRIPE_KEY, FAKE_WEBHOOK_SECRET, decodeStripeForm, startFakeStripe, type FakeStripe } from "../../../tests/setup/fake-stripe";
import { createConnectOnboardingLink, createDealCheckout, getCheckoutState, getConnectAccountStatus, getStripe } from "./stripe.server";
import { verifyStripeWebhook } from "./stripe-webhook.server";

let fake: FakeStripe;
let stripe: Stripe;
beforeAll(async () => {
  fake = await startFakeStripe();
  stripe = getStripe(fake.env);
});
afterAll(async () => {
  await fake?.close();
});

describe("decodeStripeForm", () => {
  it("rebuilds nested objects and arrays", () => {
    expect(decodeStripeForm("a[0][b][c]=1&a[0][d]=x&m[k]=v&list[]=p&list[]=q&s=t")).toEqual({
      a: [{ b: { c: "1" }, d: "x" }],
      m: { k: "v" },
      list: ["p", "q"],
      s: "t",
    });
  });
});

describe("getStripe", () => {
  it("refuses to run without a secret key", () => {
    expect(() => getStripe({})).toThrow(DomainError);
  });
  it("refuses a bad protocol or port", () => {
    expect(() => getStripe({ STRIPE_SECRET_KEY: FAKE_STRIPE_KEY, STRIPE_API_PROTOCOL: "ftp" })).toThrow(/protocol/i);
    expect(() => getStripe({ STRIPE_SECRET_KEY: FAKE_STRIPE_KEY, STRIPE_API_PORT: "99999" })).toThrow(/port/i);
  });
  it("reuses one client per configuration", () => {
    expect(getStripe(fake.env)).toBe(stripe);
  });
});

describe("createDealCheckout through the real SDK", () => {
  it("creates a CNY destination charge with card, Alipay and WeChat Pay", async () => {
    const account = fake.seedAccount();
    const { feeFen } = splitFee(1_234_500, 1_000);
    const before = fake.requests.length;
    const checkout = await createDealCheckout({
      stripe,
      deal: {
        reference: "D-2026-0001",
        amountFen: 1_234_500,
        feeFen,
        title: "青花缠枝纹 licence",
        description: "Tableware, EU, 2026",
      },
      paymentId: "pay_1",
      destinationAccountId: account.id,
      successUrl: "https://kilnmark.test/deals/D-2026-0001?paid=1",
      cancelUrl: "https://kilnmark.test/deals/D-2026-0001",
      customerEmail: "buyer@example.com",
      locale: "zh-CN",
    });
    expect(checkout.url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    expect(checkout.expiresAt.getTime()).toBeGreaterThan(Date.now());

    const reqs = fake.requests.slice(before);
    expect(reqs).toHaveLength(1);
    const [req] = reqs;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/v1/checkout/sessions");
    expect(req.status).toBe(200);
    expect(req.headers.authorization).toBe(`Bearer ${FAKE_STRIPE_KEY}`);
    expect(req.headers["idempotency-key"]).toBe("kilnmark-checkout-pay_1");
    const b = req.body as any;
    expect(b.mode).toBe("payment");
    expect(b.line_items).toEqual([
      {
        quantity: "1",
        price_data: {
          currency: "cny",
          unit_amount: "1234500",
          product_data: { name: "青花缠枝纹 licence", description: "Tableware, EU, 2026" },
        },
      },
    ]);
    expect(b.allowed_payment_method_types).toEqual(["card", "alipay", "wechat_pay"]);
    expect(b.payment_method_options).toEqual({ wechat_pay: { client: "web" } });
    expect(b.payment_intent_data.application_fee_amount).toBe("123450");
    expect(b.payment_intent_data.transfer_data).toEqual({ destination: account.id });
    expect(b.payment_intent_data.metadata).toEqual({ dealReference: "D-2026-0001", paymentId: "pay_1" });
    expect(b.metadata).toEqual({ dealReference: "D-2026-0001", paymentId: "pay_1" });
    expect(b.client_reference_id).toBe("D-2026-0001");
    expect(b.customer_email).toBe("buyer@example.com");
    expect(b.locale).toBe("zh");
    expect(b.success_url).toBe("https://kilnmark.test/deals/D-2026-0001?paid=1");

    const session = fake.sessions.get(checkout.sessionId)!;
    expect(session.amount_total).toBe(1_234_500);
    expect(session.currency).toBe("cny");
  });

  it("is idempotent per payment: a retry returns the same session", async () => {
    const account = fake.seedAccount();
    const input = {
      stripe,
      deal: { reference: "D-2", amountFen: 50_000, feeFen: 5_000, title: "Licence" },
      paymentId: "pay_retry",
      destinationAccountId: account.id,
      successUrl: "https://kilnmark.test/ok",
      cancelUrl: "https://kilnmark.test/no",
      locale: "en" as const,
    };
    const a = await createDealCheckout(input);
    const b = await createDealCheckout(input);
    expect(b.sessionId).toBe(a.sessionId);
  });

  it("refuses bad amounts before calling Stripe", async () => {
    const before = fake.requests.length;
    const base = {
      stripe,
      paymentId: "p",
      destinationAccountId: "acct_x",
      successUrl: "https://k.test/s",
      cancelUrl: "https://k.test/c",
      locale: "en" as const,
    };
    for (const deal of [
      { reference: "D", amountFen: 0, feeFen: 0, title: "t" },
      { reference: "D", amountFen: 100.5, feeFen: 0, title: "t" },
      { reference: "D", amountFen: 100, feeFen: 101, title: "t" },
      { reference: "D", amountFen: 100, feeFen: -1, title: "t" },
    ]) {
      await expect(createDealCheckout({ ...base, deal })).rejects.toBeInstanceOf(DomainError);
    }
    expect(fake.requests.length).toBe(before);
  });

  it("surfaces Stripe's refusal of an unknown destination", async () => {
    await expect(
      createDealCheckout({
        stripe,
        deal: { reference: "D-3", amountFen: 10_000, feeFen: 1_000, title: "t" },
        paymentId: "pay_3",
        destinationAccountId: "acct_doesnotexist",
        successUrl: "https://k.test/s",
        cancelUrl: "https://k.test/c",
        locale: "en",
      }),
    ).rejects.toThrow(/No such destination/);
  });

  it("the fake refuses wechat_pay without a client, like Stripe", async () => {
    await expect(
      stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ quantity: 1, price_data: { currency: "cny", unit_amount: 100, product_data: { name: "x" } } }],
        allowed_payment_method_types: ["wechat_pay"],
        success_url: "https://k.test/s",
      }),
    ).rejects.toThrow(/wechat_pay\]\[client\]/);
  });
});

describe("getCheckoutState", () => {
  it("follows the session from open to paid, with the PaymentIntent's fee and destination", async () => {
    const account = fake.seedAccount();
    const { sessionId } = await createDealCheckout({
      stripe,
      deal: { reference: "D-4", amountFen: 80_000, feeFen: 8_000, title: "t" },
      paymentId: "pay_4",
      destinationAccountId: account.id,
      successUrl: "https://k.test/s",
      cancelUrl: "https://k.test/c",
      locale: "en",
    });
    const open = await getCheckoutState({ stripe, sessionId });
    expect(open).toMatchObject({
      status: "open",
      paymentStatus: "unpaid",
      paymentIntentId: null,
      amountTotalFen: 80_000,
      currency: "cny",
    });
    expect(open.metadata).toEqual({ dealReference: "D-4", paymentId: "pay_4" });

    fake.payCheckoutSession(sessionId);
    const paid = await getCheckoutState({ stripe, sessionId });
    expect(paid).toMatchObject({
      status: "complete",
      paymentStatus: "paid",
      paymentIntentStatus: "succeeded",
      applicationFeeFen: 8_000,
      destinationAccountId: account.id,
    });
    expect(fake.requests.at(-1)!.path).toBe(`/v1/payment_intents/${paid.paymentIntentId}`);

    fake.setPaymentIntentStatus(paid.paymentIntentId!, "canceled");
    expect((await getCheckoutState({ stripe, sessionId })).paymentIntentStatus).toBe("canceled");
  });

  it("reports an unknown session as Stripe does", async () => {
    await expect(getCheckoutState({ stripe, sessionId: "cs_test_nope" })).rejects.toThrow(/No such checkout.session/);
  });
});

describe("Connect onboarding", () => {
  it("creates an Express account and an onboarding link, then reuses the account", async () => {
    const before = fake.requests.length;
    const first = await createConnectOnboardingLink({
      stripe,
      email: "studio@example.com",
      refreshUrl: "https://k.test/connect/refresh",
      returnUrl: "https://k.test/connect/return",
      metadata: { userId: "u1" },
    });
    expect(first.accountId).toMatch(/^acct_/);
    expect(first.url).toContain(first.accountId);
    const [create, link] = fake.requests.slice(before);
    expect(create.path).toBe("/v1/accounts");
    expect((create.body as any).controller).toEqual({
      stripe_dashboard: { type: "express" },
      fees: { payer: "application" },
      losses: { payments: "application" },
      requirement_collection: "stripe",
    });
    expect((create.body as any).capabilities).toEqual({ transfers: { requested: "true" } });
    expect((create.body as any).email).toBe("studio@example.com");
    expect(link.path).toBe("/v1/account_links");
    expect(link.body).toMatchObject({
      account: first.accountId,
      type: "account_onboarding",
      refresh_url: "https://k.test/connect/refresh",
      return_url: "https://k.test/connect/return",
    });

    const n = fake.requests.length;
    const again = await createConnectOnboardingLink({
      stripe,
      accountId: first.accountId,
      email: "studio@example.com",
      refreshUrl: "https://k.test/r",
      returnUrl: "https://k.test/s",
    });
    expect(again.accountId).toBe(first.accountId);
    expect(fake.requests.slice(n).map((r) => r.path)).toEqual(["/v1/account_links"]);

    expect(await getConnectAccountStatus({ stripe, accountId: first.accountId })).toMatchObject({
      detailsSubmitted: false,
      canReceivePayouts: false,
    });
    fake.setAccountStatus(first.accountId, { detailsSubmitted: true, payoutsEnabled: true, chargesEnabled: true });
    expect(await getConnectAccountStatus({ stripe, accountId: first.accountId })).toEqual({
      accountId: first.accountId,
      detailsSubmitted: true,
      chargesEnabled: true,
      payoutsEnabled: true,
      canReceivePayouts: true,
    });
  });
});

describe("verifyStripeWebhook", () => {
  const session = {
    id: "cs_test_1",
    object: "checkout.session",
    payment_status: "paid",
    metadata: { dealReference: "D-1" },
  };

  it("accepts a correctly signed event and returns it", () => {
    const { payload, header } = fake.signedEvent("checkout.session.completed", session);
    const event = verifyStripeWebhook({
      stripe,
      rawBody: payload,
      signatureHeader: header,
      secret: FAKE_WEBHOOK_SECRET,
    });
    expect(event.type).toBe("checkout.session.completed");
    expect((event.data.object as any).metadata.dealReference).toBe("D-1");
    // bytes work too (a route may read an ArrayBuffer)
    expect(
      verifyStripeWebhook({
        stripe,
        rawBody: new TextEncoder().encode(payload),
        signatureHeader: header,
        secret: FAKE_WEBHOOK_SECRET,
      }).id,
    ).toBe(event.id);
  });

  function refused(args: Partial<Parameters<typeof verifyStripeWebhook>[0]>) {
    const { payload, header } = fake.signedEvent("checkout.session.completed", session);
    try {
      verifyStripeWebhook({ stripe, rawBody: payload, signatureHeader: header, secret: FAKE_WEBHOOK_SECRET, ...args });
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe("BAD_INPUT");
      expect((e as DomainError).messageKey).toBe("licensing.error.badWebhookSignature");
      return (e as DomainError).params.reason;
    }
    throw new Error("verifyStripeWebhook accepted a bad webhook");
  }

  it("refuses a wrong secret, a tampered body, a missing or garbage header, and an old timestamp", () => {
    expect(refused({ secret: "whsec_other" })).toBe("mismatch");
    const { payload, header } = fake.signedEvent("checkout.session.completed", session);
    expect(refused({ rawBody: payload.replace('"paid"', '"unpaid"'), signatureHeader: header })).toBe("mismatch");
    // re-serialised JSON is not the signed body
    expect(refused({ rawBody: JSON.stringify(JSON.parse(payload)), signatureHeader: header })).toBe("mismatch");
    expect(refused({ signatureHeader: null })).toBe("missing");
    expect(refused({ signatureHeader: "t=1,v1=deadbeef" })).not.toBeUndefined();
    const old = stripe.webhooks.generateTestHeaderString({
      payload,
      secret: FAKE_WEBHOOK_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    expect(refused({ rawBody: payload, signatureHeader: old })).toBe("too_old");
  });
});
