import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasKey } from "./i18n";
import { resetEnvCache } from "./env.server";
import {
  clientIp,
  clientKey,
  consume,
  consumeEach,
  isRateLimited,
  LIMITS,
  lockoutSeconds,
  refund,
  reset,
  retryAfterHeaders,
  type LimitDef,
} from "./rate-limit.server";

let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-rl-"));
  process.env.DATA_DIR = dataDir;
  process.env.LOGIN_LOCKOUT_SECONDS = "2";
  process.env.LOGIN_LOCKOUT_MAX_SECONDS = "5";
  resetEnvCache();
});
afterAll(() => {
  delete process.env.LOGIN_LOCKOUT_SECONDS;
  delete process.env.LOGIN_LOCKOUT_MAX_SECONDS;
  resetEnvCache();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const unique = () => `k-${Math.random().toString(36).slice(2)}`;

describe("the table of limits", () => {
  it("gives every limit sane numbers, a translated message and a reason", () => {
    for (const [name, def] of Object.entries(LIMITS) as [string, LimitDef][]) {
      expect(Number.isInteger(def.points) && def.points > 0, name).toBe(true);
      expect(Number.isInteger(def.duration) && def.duration >= 60, name).toBe(true);
      expect(hasKey(def.messageKey), `${name}: ${def.messageKey}`).toBe(true);
      expect(def.why.length, name).toBeGreaterThan(20);
    }
  });

  it("locks only the login limits out with backoff, and bounds a stranger's guesses per account", () => {
    const lockouts = (Object.entries(LIMITS) as [string, LimitDef][]).filter(([, d]) => d.lockout).map(([n]) => n);
    expect(lockouts.sort()).toEqual(["loginPerAccount", "loginPerAddress", "loginPerKnownAddress"]);
    expect(LIMITS.loginPerAccount.points).toBeLessThanOrEqual(10);
  });

  it("doubles lockouts up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => lockoutSeconds(n, 60, 900))).toEqual([60, 120, 240, 480, 900, 900, 900]);
    expect(lockoutSeconds(0, 60, 900)).toBe(60);
    // With the defaults, no lockout is longer than 15 minutes: a stranger cannot lock an owner out for long.
    expect(Math.max(...Array.from({ length: 100 }, (_, i) => lockoutSeconds(i + 1, 60, 900)))).toBe(900);
  });
});

describe("keys", () => {
  it("reads the one address server.ts resolved, and keys IPv6 by /64", () => {
    const req = (xff?: string) => new Request("http://x/", { headers: xff ? { "X-Forwarded-For": xff } : {} });
    expect(clientIp(req("203.0.113.7"))).toBe("203.0.113.7");
    expect(clientIp(req())).toBe("unknown");
    expect(clientKey(req("2001:db8:aa:bb:1:2:3:4"))).toBe(clientKey(req("2001:db8:aa:bb:ffff::9")));
    expect(clientKey(req("2001:db8:aa:bb:1:2:3:4"))).not.toBe(clientKey(req("2001:db8:aa:bc::1")));
  });
});

describe("consume", () => {
  it("lets exactly `points` of a parallel burst through and answers the rest with Retry-After", async () => {
    const key = unique();
    const results = await Promise.all(Array.from({ length: 200 }, () => consume("apiMatch", key)));
    expect(results.filter((r) => r === null)).toHaveLength(LIMITS.apiMatch.points);
    const refused = results.filter(isRateLimited);
    expect(refused).toHaveLength(200 - LIMITS.apiMatch.points);
    expect(refused[0].status).toBe(429);
    expect(refused[0].messageKey).toBe(LIMITS.apiMatch.messageKey);
    expect(Number(refused[0].headers["Retry-After"])).toBeGreaterThan(0);
    expect(Number(refused[0].headers["Retry-After"])).toBeLessThanOrEqual(LIMITS.apiMatch.duration);
    expect(retryAfterHeaders(refused[0])).toEqual(refused[0].headers);
    expect(retryAfterHeaders(new Error("x"))).toEqual({});
    // Another key is untouched.
    expect(await consume("apiMatch", unique())).toBeNull();
  });

  it("holds across store connections (another process sees the same counts)", async () => {
    const key = unique();
    for (let i = 0; i < LIMITS.signup.points; i++) expect(await consume("signup", key)).toBeNull();
    // A second, independent connection to the same file: what another server process would open.
    const Database = (await import("better-sqlite3")).default;
    const other = new Database(path.join(dataDir, "rate-limits.db"));
    const row = other.prepare("SELECT points FROM rate_limits WHERE key = ?").get(`signup:${key}`) as { points: number };
    other.close();
    expect(row.points).toBe(LIMITS.signup.points);
    expect(await consume("signup", key)).not.toBeNull();
  });

  it("stops at the first refusal of several limits", async () => {
    const ip = unique();
    for (let i = 0; i < LIMITS.emailCodePerEmail.points; i++)
      expect(await consumeEach(["emailCodePerAddress", ip], ["emailCodePerEmail", "a@x.cn"])).toBeNull();
    const limited = await consumeEach(["emailCodePerAddress", ip], ["emailCodePerEmail", "a@x.cn"]);
    expect(limited?.limit).toBe("emailCodePerEmail");
    expect(limited?.messageKey).toBe("cases.error.rateLimited");
  });

  it("locks out with growing, capped backoff; one lockout per crossing however many requests arrive", async () => {
    const key = unique();
    const burst = await Promise.all(Array.from({ length: 50 }, () => consume("loginPerAccount", key)));
    expect(burst.filter((r) => r === null)).toHaveLength(LIMITS.loginPerAccount.points);
    const first = burst.filter(isRateLimited);
    // LOGIN_LOCKOUT_SECONDS=2: the first lockout is 2 s (every refusal says at most that).
    expect(Math.max(...first.map((r) => r.retryAfterSeconds))).toBeLessThanOrEqual(LIMITS.loginPerAccount.duration);
    expect(first.some((r) => r.retryAfterSeconds === 2)).toBe(true);
    const stillLocked = await consume("loginPerAccount", key);
    expect(stillLocked?.retryAfterSeconds).toBeLessThanOrEqual(2);

    await new Promise((r) => setTimeout(r, 2100));
    for (let i = 0; i < LIMITS.loginPerAccount.points; i++) expect(await consume("loginPerAccount", key)).toBeNull();
    expect((await consume("loginPerAccount", key))?.retryAfterSeconds).toBe(4); // second lockout: doubled
    await new Promise((r) => setTimeout(r, 4100));
    for (let i = 0; i < LIMITS.loginPerAccount.points; i++) expect(await consume("loginPerAccount", key)).toBeNull();
    expect((await consume("loginPerAccount", key))?.retryAfterSeconds).toBe(5); // capped (LOGIN_LOCKOUT_MAX_SECONDS=5)

    // Reset (a successful login) forgets the count and the history.
    await reset("loginPerAccount", key);
    for (let i = 0; i < LIMITS.loginPerAccount.points; i++) expect(await consume("loginPerAccount", key)).toBeNull();
    expect((await consume("loginPerAccount", key))?.retryAfterSeconds).toBe(2);
  }, 30_000);

  it("refund gives a point back", async () => {
    const key = unique();
    for (let i = 0; i < 100; i++) {
      expect(await consume("loginPerAddress", key)).toBeNull();
      await refund("loginPerAddress", key);
    }
  });
});
