/**
 * Rate limits: one table of named limits, one `consume(name, key)`, one 429 shape.
 *
 * Counting is rate-limiter-flexible's: each consume is one atomic upsert in the store, so a burst
 * of parallel requests cannot all pass a check made before the count (issue 10, item 2). The
 * store lives in `createStore` only — see docs/decisions/005-rate-limits.md.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import Redis from "ioredis";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  RateLimiterSQLite,
  type RateLimiterStoreAbstract,
} from "rate-limiter-flexible";
import { DomainError } from "~/domain/errors";
import { addressKey } from "./client-address";
import { getEnv } from "./env.server";
import { POSTGRES_SESSION_OPTIONS } from "./db.server";

const MINUTE = 60;
const HOUR = 3600;

export type LimitDef = {
  /** Requests (or, for logins, failed attempts) allowed per window. */
  points: number;
  /** Window length in seconds; a fixed window from the first request. */
  duration: number;
  /**
   * true: going over the limit locks the key with exponential backoff (LOGIN_LOCKOUT_SECONDS,
   * doubling per lockout within 24 h, capped at LOGIN_LOCKOUT_MAX_SECONDS) instead of waiting
   * for the window to end.
   */
  lockout?: boolean;
  /** The localized message shown with the 429; gets {seconds} and {minutes}. */
  messageKey: string;
  why: string;
};

export const LIMITS = {
  loginPerAccount: {
    points: 5,
    duration: 15 * MINUTE,
    lockout: true,
    messageKey: "auth.error.tooManyAttempts",
    why: "Password guessing against one account from addresses that never logged into it. Counted before the password is checked; reset by a successful login.",
  },
  loginPerKnownAddress: {
    points: 5,
    duration: 15 * MINUTE,
    lockout: true,
    messageKey: "auth.error.tooManyAttempts",
    why: "Attempts on an account from an address that logged into it before (key: account + address). A stranger's failures never count here, so they cannot lock the owner out at home.",
  },
  loginPerAddress: {
    points: 20,
    duration: 15 * MINUTE,
    lockout: true,
    messageKey: "auth.error.tooManyAttempts",
    why: "Credential stuffing: many accounts tried from one address. A successful login gives its own point back, so this counts failures; an office behind one NAT has room.",
  },
  signup: {
    points: 10,
    duration: HOUR,
    messageKey: "auth.error.tooManyAttempts",
    why: "Account creation per address: stops scripted sign-ups, leaves a class room behind one NAT enough.",
  },
  verifyLookup: {
    points: 60,
    duration: MINUTE,
    messageKey: "catalog.verify.rateLimited",
    why: "Public /verify lookups by number or SHA-256: cheap queries, but they enumerate the registry.",
  },
  verifyPhoto: {
    points: 20,
    duration: MINUTE,
    messageKey: "catalog.verify.rateLimited",
    why: "Public photo check: decoding and hashing an upload costs ~100 ms of CPU.",
  },
  verifyCertificate: {
    points: 30,
    duration: MINUTE,
    messageKey: "catalog.api.rateLimited",
    why: "Certificate file check on /verify/certificate: parses and verifies a signature per upload.",
  },
  verifyLicense: {
    points: 120,
    duration: MINUTE,
    messageKey: "catalog.api.rateLimited",
    why: "Public licence page: one indexed query; limited so licence numbers are not enumerated.",
  },
  certificateJson: { points: 60, duration: MINUTE, messageKey: "catalog.api.rateLimited", why: "Certificate JSON downloads: signed on the fly." },
  certificatePdf: {
    points: 20,
    duration: MINUTE,
    messageKey: "catalog.api.rateLimited",
    why: "Certificate PDFs: rendering with an embedded CJK font is the most expensive download.",
  },
  api: {
    points: 120,
    duration: MINUTE,
    messageKey: "catalog.api.rateLimited",
    why: "Public JSON API lookups (works, certificates, licences) shared by one address.",
  },
  apiMatch: { points: 30, duration: MINUTE, messageKey: "catalog.api.rateLimited", why: "Public JSON photo match: image decoding per call." },
  reportSearch: { points: 120, duration: HOUR, messageKey: "cases.error.rateLimited", why: "Work picker of the public report form (search as you type)." },
  reportFind: { points: 30, duration: HOUR, messageKey: "cases.error.rateLimited", why: "Find works by photo on the report form: image matching per call." },
  emailCodePerAddress: {
    points: 10,
    duration: HOUR,
    messageKey: "cases.error.rateLimited",
    why: "One-time codes mailed per requesting address: our mail must not become a spam cannon.",
  },
  emailCodePerEmail: {
    points: 3,
    duration: 15 * MINUTE,
    messageKey: "cases.error.rateLimited",
    why: "One-time codes per recipient: a stranger cannot flood one inbox.",
  },
  passwordResetPerAddress: {
    points: 20,
    duration: HOUR,
    messageKey: "cases.error.rateLimited",
    why: "Password-reset mails requested per address: each sends a mail; an office behind one NAT still gets enough.",
  },
  passwordResetPerEmail: {
    points: 3,
    duration: 15 * MINUTE,
    messageKey: "cases.error.rateLimited",
    why: "Password-reset mails per account address: a stranger cannot flood one inbox.",
  },
  verificationMailPerEmail: { points: 3, duration: 15 * MINUTE, messageKey: "cases.error.rateLimited", why: "Resent sign-up verification links per account." },
  reportPerAddress: {
    points: 10,
    duration: HOUR,
    messageKey: "cases.error.rateLimited",
    why: "Anonymous reports per address: each opens a case an officer must read.",
  },
  reportPerEmail: { points: 5, duration: 24 * HOUR, messageKey: "cases.error.rateLimited", why: "Reports per confirmed reporter address per day." },
} as const satisfies Record<string, LimitDef>;

export type LimitName = keyof typeof LIMITS;

/** The 429 of every limit: a DomainError (localized message) that also carries Retry-After. */
export class RateLimitedError extends DomainError {
  readonly retryAfterSeconds: number;
  readonly limit: LimitName;
  constructor(limit: LimitName, retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super("RATE_LIMITED", LIMITS[limit].messageKey, { seconds, minutes: Math.ceil(seconds / 60) });
    this.name = "RateLimitedError";
    this.limit = limit;
    this.retryAfterSeconds = seconds;
  }

  get headers(): Record<string, string> {
    return { "Retry-After": String(this.retryAfterSeconds) };
  }

  /** ResponseInit for json(...): status 429 and Retry-After. */
  get init(): ResponseInit {
    return { status: 429, headers: this.headers };
  }
}

export function isRateLimited(e: unknown): e is RateLimitedError {
  return e instanceof RateLimitedError;
}

/** Retry-After for a caught error when it is a rate limit, nothing otherwise (for catch blocks). */
export function retryAfterHeaders(e: unknown): Record<string, string> {
  return isRateLimited(e) ? e.headers : {};
}

/** Lockout n (1-based, counted over 24 h) lasts base·2^(n−1) seconds, at most the cap. */
export function lockoutSeconds(n: number, base: number, cap: number): number {
  return Math.min(cap, base * 2 ** Math.min(Math.max(n, 1) - 1, 30));
}

// ---------------------------------------------------------------------------------------------
// Store. The one place that knows where counters live.

const TABLE = "rate_limits";
const LOCKOUT_MEMORY = 24 * HOUR;

type Store = {
  /** Where the counters live (the SQLite file, the PostgreSQL URL, or Redis). */
  id: string;
  limiters: Map<string, RateLimiterStoreAbstract>;
  make: (keyPrefix: string, points: number, duration: number) => RateLimiterStoreAbstract;
  prune: () => void;
  /** Resolves once the store can count (Redis: connected), or after 5 s trying. */
  ready?: () => Promise<void>;
  close?: () => Promise<void>;
};

const globalStore = globalThis as unknown as { __kilnmarkRateLimits?: Store };

/**
 * Embedded mode: a SQLite file of its own in DATA_DIR, so limits hold across restarts and across
 * processes on this host. Not the app database: better-sqlite3 is synchronous, and waiting for a
 * lock held by one of Prisma's open transactions in the same process would stall the event loop.
 * Several instances (PostgreSQL mode): postgresStore below.
 */
function createStore(dataDir: string): Store {
  const file = path.join(dataDir, "rate-limits.db");
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.prepare(`CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire INTEGER)`).run();
  db.prepare(`CREATE INDEX IF NOT EXISTS ${TABLE}_expire ON ${TABLE} (expire)`).run();
  return {
    id: file,
    limiters: new Map(),
    make: (keyPrefix, points, duration) =>
      new RateLimiterSQLite({ storeClient: db, storeType: "better-sqlite3", tableName: TABLE, tableCreated: true, keyPrefix, points, duration }),
    prune: () => void db.prepare(`DELETE FROM ${TABLE} WHERE expire < ?`).run(Date.now() - HOUR * 1000),
  };
}

/**
 * PostgreSQL mode: the counters live in the app database's "rate_limits" table (created by the
 * PostgreSQL migrations), so every instance counts against the same buckets; each consume is one
 * atomic upsert. A pool of its own, small: a limit check never waits behind the app's queries.
 */
function postgresStore(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 4, options: POSTGRES_SESSION_OPTIONS });
  // An idle connection the server closed (restart, failover, a dropped test database) is an
  // event on the pool, which replaces it; unhandled, it would end the process.
  pool.on("error", (e) => console.error(`[rate-limit] a PostgreSQL connection was lost: ${e.message}`));
  return {
    id: url,
    limiters: new Map(),
    make: (keyPrefix, points, duration) =>
      new RateLimiterPostgres({
        storeClient: pool,
        storeType: "pool",
        tableName: TABLE,
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix,
        points,
        duration,
      }),
    prune: () => void pool.query(`DELETE FROM ${TABLE} WHERE expire < $1`, [Date.now() - HOUR * 1000]).catch(() => undefined),
  };
}

/**
 * REDIS_URL set: the counters live in Redis (ioredis), under `kilnmark:<namespace>:`, every
 * instance counting against the same keys; each consume is one atomic Lua script, expiry is
 * Redis's own. Nothing is written to the database, so on PostgreSQL a counted request (a match
 * API call, a certificate download) no longer ends the page cache's replays (decision 016).
 * Commands fail at once while Redis is unreachable (no offline queue); the limits then count in
 * this process's memory (the "insurance" limiter) until it is back, so a Redis outage neither
 * fails requests nor lifts the limits.
 */
export function redisStore(url: string, namespace: string): Store {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000, lazyConnect: false });
  let down = false;
  client.on("error", (e: Error) => {
    if (!down) console.error(`[rate-limit] Redis is unreachable (${e.message}); counting in this process's memory until it is back`);
    down = true;
  });
  client.on("ready", () => {
    if (down) console.error("[rate-limit] Redis is back");
    down = false;
  });
  return {
    id: `redis|${url}|${namespace}`,
    limiters: new Map(),
    make: (keyPrefix, points, duration) =>
      new RateLimiterRedis({
        storeClient: client,
        keyPrefix: `kilnmark:${namespace}:${keyPrefix}`,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
      }),
    prune: () => undefined, // keys expire by themselves
    ready: () =>
      client.status === "ready"
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              client.off("ready", done);
              resolve();
            };
            const timer = setTimeout(done, 5_000);
            client.on("ready", done);
          }),
    close: async () => {
      if (client.status === "ready") await client.quit();
      else client.disconnect();
    },
  };
}

/** The database's name: instances of one registry share it, two registries on one Redis do not. */
function redisNamespace(databaseUrl: string): string {
  if (databaseUrl.startsWith("file:"))
    return `sqlite-${createHash("sha256")
      .update(path.resolve(databaseUrl.slice(5)))
      .digest("hex")
      .slice(0, 12)}`;
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || "postgres";
}

function store(): Store {
  const env = getEnv();
  const postgres = !env.DATABASE_URL.startsWith("file:");
  const namespace = env.REDIS_URL ? redisNamespace(env.DATABASE_URL) : "";
  const id = env.REDIS_URL ? `redis|${env.REDIS_URL}|${namespace}` : postgres ? env.DATABASE_URL : path.join(env.DATA_DIR, "rate-limits.db");
  if (globalStore.__kilnmarkRateLimits?.id !== id) {
    void globalStore.__kilnmarkRateLimits?.close?.();
    globalStore.__kilnmarkRateLimits = env.REDIS_URL
      ? redisStore(env.REDIS_URL, namespace)
      : postgres
        ? postgresStore(env.DATABASE_URL)
        : createStore(env.DATA_DIR);
  }
  return globalStore.__kilnmarkRateLimits;
}

/**
 * Opens the counters' store ahead of the first request (server.ts): with Redis, a request counted
 * before the connection is up would be counted in this process's memory only.
 */
export async function openRateLimitStore(): Promise<void> {
  await store().ready?.();
}

function limiter(prefix: string, points: number, duration: number) {
  const s = store();
  let l = s.limiters.get(prefix);
  if (!l) s.limiters.set(prefix, (l = s.make(prefix, points, duration)));
  return l;
}

const limiterFor = (name: LimitName) => limiter(name, LIMITS[name].points, LIMITS[name].duration);
const lockoutsFor = (name: LimitName) => limiter(`${name}:lockouts`, 1_000_000, LOCKOUT_MEMORY);

// ---------------------------------------------------------------------------------------------

/**
 * Take one point of `name` for `key`, atomically. null when the request may proceed; otherwise
 * the 429 to return or throw (it has not been counted as allowed).
 */
export async function consume(name: LimitName, key: string): Promise<RateLimitedError | null> {
  const def: LimitDef = LIMITS[name];
  const res = await limiterFor(name)
    .consume(key)
    .catch((r: unknown) => {
      if (r instanceof RateLimiterRes) return r;
      throw r;
    });
  if (res.consumedPoints <= def.points) return null;
  if (def.lockout && res.consumedPoints === def.points + 1) {
    // Exactly one request crosses the limit, however many arrive together: it sets the lockout.
    const env = getEnv();
    const n = (await lockoutsFor(name).consume(key)).consumedPoints;
    const seconds = lockoutSeconds(n, env.LOGIN_LOCKOUT_SECONDS, env.LOGIN_LOCKOUT_MAX_SECONDS);
    await limiterFor(name).block(key, seconds);
    return new RateLimitedError(name, seconds);
  }
  // A lockout never lasts past the cap; a refusal racing the crossing request may still see the
  // window's end, which would overstate the wait.
  const wait = res.msBeforeNext / 1000;
  return new RateLimitedError(name, def.lockout ? Math.min(wait, getEnv().LOGIN_LOCKOUT_MAX_SECONDS) : wait);
}

/** The first refusal of several limits, consumed in order (later ones are not touched then). */
export async function consumeEach(...limits: [LimitName, string][]): Promise<RateLimitedError | null> {
  for (const [name, key] of limits) {
    const limited = await consume(name, key);
    if (limited) return limited;
  }
  return null;
}

/** Give back the point a request took (e.g. a successful login should not count as a failure). */
export async function refund(name: LimitName, key: string) {
  await limiterFor(name).reward(key, 1);
}

/** Forget a key's count and its lockout history (e.g. after the owner logged in). */
export async function reset(name: LimitName, key: string) {
  await limiterFor(name).delete(key);
  if ((LIMITS[name] as LimitDef).lockout) await lockoutsFor(name).delete(key);
}

/** A fact kept beside the counters for a while, e.g. "this address logged into this account". */
export async function remember(what: string, key: string, seconds: number) {
  await limiter(`mark:${what}`, 1, seconds).set(key, 1, seconds);
}

export async function isRemembered(what: string, key: string, seconds: number): Promise<boolean> {
  return (await limiter(`mark:${what}`, 1, seconds).get(key)) !== null;
}

/** Drop counters that expired over an hour ago (background job). */
export async function pruneRateLimits() {
  store().prune();
}

/**
 * The client's address as server.ts resolved it (TRUST_PROXY hops of X-Forwarded-For, or the
 * peer): the middleware replaces the header with that one address on every request.
 */
export function clientIp(request: Request): string {
  const fwd = request.headers.get("x-forwarded-for") ?? "";
  return fwd.split(",").pop()?.trim() || "unknown";
}

/** The rate-limit key of the request's address (IPv6 by /64). */
export function clientKey(request: Request): string {
  return addressKey(clientIp(request));
}

/**
 * Start-up check of REDIS_URL (server.ts): null when Redis answers PING, else one line for the
 * operator, the password masked.
 */
export async function redisProblem(url: string): Promise<string | null> {
  let shown = url;
  try {
    const u = new URL(url);
    if (u.password) u.password = "****";
    shown = u.toString();
  } catch {
    // the env schema has already checked the form
  }
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 5_000, retryStrategy: () => null });
  let socketError: (Error & { code?: string }) | undefined;
  client.on("error", (e: Error) => (socketError ??= e));
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (e) {
    const cause = (socketError ?? e) as Error & { code?: string };
    const reason = cause.code ?? cause.message;
    return `REDIS_URL: cannot reach Redis at ${shown} (${reason}). Start Redis, correct REDIS_URL, or unset it to count the rate limits in the database.`;
  } finally {
    client.disconnect();
  }
}
