/**
 * A small Stripe API stand-in for tests: the REAL Stripe SDK talks to it over HTTP
 * (`new Stripe(key, { host: "127.0.0.1", port, protocol: "http" })`, or `getStripe(fake.env)`).
 * No Stripe mock can be installed here (stripe-mock is a Go binary; stripe-stateful-mock lacks
 * Checkout), so this answers the few endpoints Kilnmark uses with objects shaped like the real
 * ones, refuses what the real API refuses for our flows, and records every request with its
 * form-decoded body so tests can check what was sent.
 *
 * Endpoints: POST /v1/checkout/sessions, GET /v1/checkout/sessions/:id (expand[]=payment_intent),
 * GET /v1/payment_intents/:id, POST /v1/accounts, GET /v1/accounts/:id, POST /v1/account_links.
 * Test controls: payCheckoutSession, setSessionPaymentStatus, setPaymentIntentStatus,
 * expireCheckoutSession, setAccountStatus, seedAccount, buildEvent, signedEvent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

export const FAKE_STRIPE_KEY = "sk_test_kilnmark_fake_0123456789";
export const FAKE_WEBHOOK_SECRET = "whsec_kilnmark_fake_0123456789abcdef";

export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  body: Record<string, unknown>;
  status: number;
};

type Json = Record<string, any>;

/** Decodes Stripe's form encoding (`a[b][0][c]=x`) into nested objects and arrays. */
export function decodeStripeForm(encoded: string): Record<string, unknown> {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const m = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(key);
    const path = m ? [m[1], ...[...m[2].matchAll(/\[([^\]]*)\]/g)].map((x) => x[1])] : [key];
    let node: Json = root;
    for (let i = 0; i < path.length; i++) {
      let k = path[i];
      const last = i === path.length - 1;
      if (k === "") k = String(Object.keys(node).length); // a[]=x appends
      if (last) node[k] = value;
      else node = node[k] ??= {};
    }
  }
  return arrayify(root) as Record<string, unknown>;
}

function arrayify(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  const o = v as Json;
  const keys = Object.keys(o);
  const isArray = keys.length > 0 && keys.every((k, i) => k === String(i));
  if (isArray) return keys.map((k) => arrayify(o[k]));
  return Object.fromEntries(keys.map((k) => [k, arrayify(o[k])]));
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;
const now = () => Math.floor(Date.now() / 1000);

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param?: string,
    readonly type = "invalid_request_error",
    readonly code?: string,
  ) {
    super(message);
  }
}

const int = (v: unknown, param: string): number => {
  if (typeof v !== "string" || !/^\d+$/.test(v)) throw new ApiError(400, `Invalid integer: ${String(v)}`, param);
  return Number(v);
};

export type FakeStripe = {
  port: number;
  /** Environment for getStripe(env). */
  env: { STRIPE_SECRET_KEY: string; STRIPE_API_HOST: string; STRIPE_API_PORT: string; STRIPE_API_PROTOCOL: "http" };
  /** A real SDK client pointed at this server. */
  client(): Stripe;
  requests: RecordedRequest[];
  sessions: Map<string, Json>;
  paymentIntents: Map<string, Json>;
  accounts: Map<string, Json>;
  /** The customer paid: session complete + paid, a succeeded PaymentIntent carrying the transfer data. */
  payCheckoutSession(sessionId: string): Json;
  setSessionPaymentStatus(sessionId: string, paymentStatus: "paid" | "unpaid" | "no_payment_required"): Json;
  setPaymentIntentStatus(paymentIntentId: string, status: string): Json;
  expireCheckoutSession(sessionId: string): Json;
  seedAccount(patch?: Json): Json;
  setAccountStatus(accountId: string, s: { chargesEnabled?: boolean; payoutsEnabled?: boolean; detailsSubmitted?: boolean }): Json;
  /** A Stripe Event wrapping a copy of `object` (as webhooks deliver it). */
  buildEvent(type: string, object: Json): Json;
  /** JSON payload + a valid Stripe-Signature header for it (secret defaults to FAKE_WEBHOOK_SECRET). */
  signedEvent(type: string, object: Json, secret?: string): { payload: string; header: string; event: Json };
  close(): Promise<void>;
};

export async function startFakeStripe(): Promise<FakeStripe> {
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, Json>();
  const paymentIntents = new Map<string, Json>();
  const accounts = new Map<string, Json>();
  /** What a session will put on its PaymentIntent once paid. */
  const sessionPaymentData = new Map<string, Json>();
  const idempotent = new Map<string, { fingerprint: string; status: number; body: string }>();

  function seedAccount(patch: Json = {}): Json {
    const account: Json = {
      id: id("acct").replace("_test", ""),
      object: "account",
      type: "express",
      country: "HK",
      default_currency: "hkd",
      email: null,
      business_type: null,
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      capabilities: { transfers: "inactive" },
      controller: {
        type: "application",
        is_controller: true,
        fees: { payer: "application" },
        losses: { payments: "application" },
        requirement_collection: "stripe",
        stripe_dashboard: { type: "express" },
      },
      requirements: {
        currently_due: ["external_account", "tos_acceptance.date"],
        disabled_reason: "requirements.past_due",
      },
      metadata: {},
      created: now(),
      ...patch,
    };
    accounts.set(account.id, account);
    return account;
  }

  function createSession(b: Json): Json {
    const mode = b.mode;
    if (!mode) throw new ApiError(400, "Missing required param: mode.", "mode");
    if (!["payment", "setup", "subscription"].includes(mode)) throw new ApiError(400, `Invalid mode: ${mode}`, "mode");
    const items: Json[] = b.line_items ?? [];
    if (mode === "payment" && !items.length) {
      throw new ApiError(400, "You must provide at least one line item in payment mode.", "line_items");
    }
    let total = 0;
    let currency: string | undefined;
    items.forEach((li, i) => {
      const pd = li.price_data;
      if (!pd) throw new ApiError(400, "You must specify either `price` or `price_data`.", `line_items[${i}]`);
      if (!pd.currency) throw new ApiError(400, "Missing required param: line_items[0][price_data][currency].", `line_items[${i}][price_data][currency]`);
      if (!/^[a-z]{3}$/.test(pd.currency)) throw new ApiError(400, `Invalid currency: ${pd.currency}.`, `line_items[${i}][price_data][currency]`);
      if (currency && currency !== pd.currency) throw new ApiError(400, "All line items must share the same currency.", "line_items");
      currency = pd.currency;
      if (!pd.product_data?.name && !pd.product) {
        throw new ApiError(400, "Missing required param: line_items[0][price_data][product_data][name].", `line_items[${i}][price_data][product_data][name]`);
      }
      const unit = int(pd.unit_amount, `line_items[${i}][price_data][unit_amount]`);
      total += unit * int(li.quantity ?? "1", `line_items[${i}][quantity]`);
    });
    if (b.payment_method_types !== undefined) {
      throw new ApiError(400, "Received unknown parameter: payment_method_types. Use allowed_payment_method_types.", "payment_method_types");
    }
    const allowed: string[] = b.allowed_payment_method_types ?? [];
    if (allowed.includes("wechat_pay") && !b.payment_method_options?.wechat_pay?.client) {
      throw new ApiError(
        400,
        "payment_method_options[wechat_pay][client] is required when wechat_pay is an allowed payment method type.",
        "payment_method_options[wechat_pay][client]",
      );
    }
    const pid: Json = b.payment_intent_data ?? {};
    const fee = pid.application_fee_amount !== undefined ? int(pid.application_fee_amount, "payment_intent_data[application_fee_amount]") : null;
    const destination = pid.transfer_data?.destination;
    if (fee !== null && fee > total) {
      throw new ApiError(400, "The application fee cannot exceed the amount of the payment.", "payment_intent_data[application_fee_amount]");
    }
    if (destination !== undefined && !accounts.has(destination)) {
      throw new ApiError(
        400,
        `No such destination: '${destination}'`,
        "payment_intent_data[transfer_data][destination]",
        "invalid_request_error",
        "resource_missing",
      );
    }
    const sid = id("cs");
    const created = now();
    const session: Json = {
      id: sid,
      object: "checkout.session",
      allowed_payment_method_types: allowed.length ? allowed : null,
      amount_subtotal: total,
      amount_total: total,
      cancel_url: b.cancel_url ?? null,
      client_reference_id: b.client_reference_id ?? null,
      created,
      currency: currency ?? null,
      customer: null,
      customer_details: b.customer_email ? { email: b.customer_email } : null,
      customer_email: b.customer_email ?? null,
      expires_at: b.expires_at ? Number(b.expires_at) : created + 24 * 3600,
      livemode: false,
      locale: b.locale ?? null,
      metadata: b.metadata ?? {},
      mode,
      payment_intent: null,
      payment_method_options: b.payment_method_options ?? {},
      payment_method_types: allowed.length ? allowed : ["card"],
      payment_status: "unpaid",
      status: "open",
      success_url: b.success_url ?? null,
      ui_mode: b.ui_mode ?? "hosted_page",
      url: `https://checkout.stripe.com/c/pay/${sid}`,
    };
    sessions.set(sid, session);
    sessionPaymentData.set(sid, {
      amount: total,
      currency,
      application_fee_amount: fee,
      transfer_data: destination ? { destination } : null,
      metadata: pid.metadata ?? {},
      description: pid.description ?? null,
      payment_method_types: session.payment_method_types,
    });
    return session;
  }

  function ensurePaymentIntent(session: Json): Json {
    if (session.payment_intent) return paymentIntents.get(session.payment_intent)!;
    const data = sessionPaymentData.get(session.id)!;
    const pi: Json = {
      id: id("pi"),
      object: "payment_intent",
      amount: data.amount,
      amount_received: 0,
      application_fee_amount: data.application_fee_amount,
      capture_method: "automatic",
      created: now(),
      currency: data.currency,
      description: data.description,
      latest_charge: null,
      livemode: false,
      metadata: data.metadata,
      payment_method_types: data.payment_method_types,
      status: "requires_payment_method",
      transfer_data: data.transfer_data,
    };
    paymentIntents.set(pi.id, pi);
    session.payment_intent = pi.id;
    return pi;
  }

  function setPaymentIntentStatus(piId: string, status: string): Json {
    const pi = paymentIntents.get(piId);
    if (!pi) throw new Error(`fake-stripe: no PaymentIntent ${piId}`);
    pi.status = status;
    pi.amount_received = status === "succeeded" ? pi.amount : 0;
    if (status === "succeeded" && !pi.latest_charge) pi.latest_charge = id("ch");
    return pi;
  }

  function setSessionPaymentStatus(sessionId: string, paymentStatus: "paid" | "unpaid" | "no_payment_required"): Json {
    const s = sessions.get(sessionId);
    if (!s) throw new Error(`fake-stripe: no Checkout Session ${sessionId}`);
    s.payment_status = paymentStatus;
    if (paymentStatus === "paid") {
      s.status = "complete";
      setPaymentIntentStatus(ensurePaymentIntent(s).id, "succeeded");
    } else if (paymentStatus === "unpaid" && s.mode === "payment") {
      // an async method (e.g. a bank redirect) completed the session before the money arrived
      s.status = "complete";
      setPaymentIntentStatus(ensurePaymentIntent(s).id, "processing");
    }
    return s;
  }

  function route(method: string, path: string, body: Json, query: Json): [number, Json] {
    let m: RegExpExecArray | null;
    if (method === "POST" && path === "/v1/checkout/sessions") return [200, createSession(body)];
    if (method === "GET" && (m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path))) {
      const s = sessions.get(m[1]);
      if (!s) throw new ApiError(404, `No such checkout.session: '${m[1]}'`, "id", "invalid_request_error", "resource_missing");
      const expand: string[] = query.expand ?? [];
      if (expand.includes("payment_intent") && s.payment_intent) return [200, { ...s, payment_intent: paymentIntents.get(s.payment_intent) }];
      return [200, s];
    }
    if (method === "GET" && (m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path))) {
      const pi = paymentIntents.get(m[1]);
      if (!pi) throw new ApiError(404, `No such payment_intent: '${m[1]}'`, "id", "invalid_request_error", "resource_missing");
      return [200, pi];
    }
    if (method === "POST" && path === "/v1/accounts") {
      const express = body.type === "express" || body.controller?.stripe_dashboard?.type === "express";
      if (!express && !body.type && !body.controller) throw new ApiError(400, "You must specify `type` or `controller`.", "type");
      const capabilities: Json = {};
      for (const [k, v] of Object.entries((body.capabilities ?? {}) as Json)) if (v?.requested === "true") capabilities[k] = "inactive";
      const account = seedAccount({
        type: express ? "express" : (body.type ?? "custom"),
        email: body.email ?? null,
        country: body.country ?? "US",
        default_currency: body.default_currency ?? null,
        business_type: body.business_type ?? null,
        capabilities,
        metadata: body.metadata ?? {},
      });
      return [200, account];
    }
    if (method === "GET" && (m = /^\/v1\/accounts\/([^/]+)$/.exec(path))) {
      const a = accounts.get(m[1]);
      if (!a) throw new ApiError(404, `No such account: '${m[1]}'`, "account", "invalid_request_error", "resource_missing");
      return [200, a];
    }
    if (method === "POST" && path === "/v1/account_links") {
      for (const p of ["account", "type"]) if (!body[p]) throw new ApiError(400, `Missing required param: ${p}.`, p);
      if (!accounts.has(body.account)) throw new ApiError(400, `No such account: '${body.account}'`, "account", "invalid_request_error", "resource_missing");
      if (!["account_onboarding", "account_update"].includes(body.type)) throw new ApiError(400, `Invalid type: ${body.type}`, "type");
      if (body.type === "account_onboarding" && !body.return_url) throw new ApiError(400, "Missing required param: return_url.", "return_url");
      const created = now();
      return [
        200,
        {
          object: "account_link",
          created,
          expires_at: created + 300,
          url: `https://connect.stripe.com/setup/e/${body.account}/${randomBytes(9).toString("base64url")}`,
        },
      ];
    }
    throw new ApiError(404, `Unrecognized request URL (${method}: ${path}).`);
  }

  function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rawBody = await readBody(req);
    const body = decodeStripeForm(rawBody);
    const query = decodeStripeForm(url.search.slice(1));
    const method = req.method ?? "GET";
    let status = 200;
    let payload: Json;
    const auth = req.headers.authorization;
    const idemKey = req.headers["idempotency-key"];
    const idemId = typeof idemKey === "string" && method === "POST" ? `${method} ${url.pathname} ${idemKey}` : null;
    const replay = idemId ? idempotent.get(idemId) : undefined;
    if (auth !== `Bearer ${FAKE_STRIPE_KEY}`) {
      status = 401;
      payload = {
        error: { type: "invalid_request_error", message: `Invalid API Key provided: ${String(auth).slice(7, 15)}***` },
      };
    } else if (replay && replay.fingerprint !== rawBody) {
      status = 400;
      payload = {
        error: {
          type: "idempotency_error",
          message: "Keys for idempotent requests can only be used with the same parameters they were first used with.",
        },
      };
    } else if (replay) {
      status = replay.status;
      payload = JSON.parse(replay.body);
    } else {
      try {
        [status, payload] = route(method, url.pathname, body as Json, query as Json);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        status = e.status;
        payload = {
          error: {
            type: e.type,
            message: e.message,
            ...(e.param ? { param: e.param } : {}),
            ...(e.code ? { code: e.code } : {}),
          },
        };
      }
      if (idemId && status < 500) idempotent.set(idemId, { fingerprint: rawBody, status, body: JSON.stringify(payload) });
    }
    requests.push({ method, path: url.pathname, query, headers: req.headers, rawBody, body, status });
    const text = JSON.stringify(payload);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      "request-id": `req_${randomBytes(7).toString("hex")}`,
      "stripe-version": String(req.headers["stripe-version"] ?? ""),
      ...(typeof idemKey === "string" ? { "idempotency-key": idemKey } : {}),
    });
    res.end(text);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { type: "api_error", message: String(e) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  const client = () => new Stripe(FAKE_STRIPE_KEY, { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0, telemetry: false });

  return {
    port,
    env: {
      STRIPE_SECRET_KEY: FAKE_STRIPE_KEY,
      STRIPE_API_HOST: "127.0.0.1",
      STRIPE_API_PORT: String(port),
      STRIPE_API_PROTOCOL: "http",
    },
    client,
    requests,
    sessions,
    paymentIntents,
    accounts,
    payCheckoutSession: (sid) => setSessionPaymentStatus(sid, "paid"),
    setSessionPaymentStatus,
    setPaymentIntentStatus,
    expireCheckoutSession(sid) {
      const s = sessions.get(sid);
      if (!s) throw new Error(`fake-stripe: no Checkout Session ${sid}`);
      if (s.status !== "open") throw new Error(`fake-stripe: session ${sid} is ${s.status}`);
      s.status = "expired";
      s.url = null;
      return s;
    },
    seedAccount,
    setAccountStatus(accountId, st) {
      const a = accounts.get(accountId);
      if (!a) throw new Error(`fake-stripe: no account ${accountId}`);
      if (st.chargesEnabled !== undefined) a.charges_enabled = st.chargesEnabled;
      if (st.payoutsEnabled !== undefined) a.payouts_enabled = st.payoutsEnabled;
      if (st.detailsSubmitted !== undefined) a.details_submitted = st.detailsSubmitted;
      const ready = a.details_submitted && a.payouts_enabled;
      for (const k of Object.keys(a.capabilities)) a.capabilities[k] = ready ? "active" : "inactive";
      a.requirements = ready ? { currently_due: [], disabled_reason: null } : a.requirements;
      return a;
    },
    buildEvent,
    signedEvent(type, object, secret = FAKE_WEBHOOK_SECRET) {
      const event = buildEvent(type, object);
      const payload = JSON.stringify(event, null, 2);
      const header = client().webhooks.generateTestHeaderString({ payload, secret });
      return { payload, header, event };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };

  function buildEvent(type: string, object: Json): Json {
    return {
      id: id("evt"),
      object: "event",
      api_version: Stripe.API_VERSION ?? null,
      created: now(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
  }
}
