/**
 * The rate limits with REDIS_URL set, against a real Redis (TEST_REDIS_URL, default
 * redis://127.0.0.1:6379/15; .ci/run starts one). Where no Redis answers outside CI, the file is
 * skipped with a message saying so; in CI a missing Redis fails it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { RateLimiterRes } from "rate-limiter-flexible";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "./env.server";
import { consume, isRemembered, LIMITS, openRateLimitStore, redisProblem, redisStore, refund, remember, reset } from "./rate-limit.server";

const url = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/15";
const problem = await redisProblem(url);
if (problem && process.env.CI) throw new Error(`CI needs Redis for these tests: ${problem}`);
if (problem) console.warn(`[skipped] rate limits in Redis: ${problem}`);

let dataDir: string;
let redis: Redis;
let namespace = "";
const unique = () => `k-${Math.random().toString(36).slice(2)}`;

describe.skipIf(Boolean(problem))("rate limits in Redis (REDIS_URL)", () => {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-rl-redis-"));
    process.env.DATA_DIR = dataDir;
    process.env.DATABASE_URL = `file:${path.join(dataDir, "app.db")}`;
    process.env.REDIS_URL = url;
    process.env.LOGIN_LOCKOUT_SECONDS = "2";
    process.env.LOGIN_LOCKOUT_MAX_SECONDS = "5";
    resetEnvCache();
    redis = new Redis(url);
    // As server.ts does at start-up: connected before the first request is counted.
    await openRateLimitStore();
  });
  afterAll(async () => {
    if (namespace) {
      const keys = await redis.keys(`kilnmark:${namespace}:*`);
      if (keys.length) await redis.del(...keys);
    }
    await redis.quit();
    for (const k of ["REDIS_URL", "DATABASE_URL", "LOGIN_LOCKOUT_SECONDS", "LOGIN_LOCKOUT_MAX_SECONDS"]) delete process.env[k];
    resetEnvCache();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("counts atomically: of 30 parallel requests, exactly the limit's points pass", async () => {
    const key = unique();
    const results = await Promise.all(Array.from({ length: 30 }, () => consume("signup", key)));
    expect(results.filter((r) => r === null)).toHaveLength(LIMITS.signup.points);
    expect(results.find((r) => r !== null)?.retryAfterSeconds).toBeGreaterThan(0);
    // The counters are in Redis, under the registry's namespace, and expire by themselves; no
    // counter file was made beside the database.
    const keys = await redis.keys(`kilnmark:*:signup:${key}`);
    expect(keys).toHaveLength(1);
    namespace = keys[0]!.split(":")[1]!;
    expect(namespace).toMatch(/^sqlite-[0-9a-f]{12}$/);
    expect(await redis.pttl(keys[0]!)).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(dataDir, "rate-limits.db"))).toBe(false);
  });

  it("is shared: another instance on the same Redis and database sees the same count", async () => {
    const key = unique();
    for (let i = 0; i < LIMITS.signup.points; i++) expect(await consume("signup", key)).toBeNull();
    const other = redisStore(url, namespace);
    await other.ready?.();
    try {
      const refused = await other
        .make("signup", LIMITS.signup.points, LIMITS.signup.duration)
        .consume(key)
        .catch((r: unknown) => r);
      expect(refused).toBeInstanceOf(RateLimiterRes);
      expect((refused as RateLimiterRes).consumedPoints).toBe(LIMITS.signup.points + 1);
      // Another registry on the same Redis counts apart.
      const elsewhere = redisStore(url, `${namespace}-other`);
      await elsewhere.ready?.();
      try {
        const res = await elsewhere.make("signup", LIMITS.signup.points, LIMITS.signup.duration).consume(key);
        expect(res.consumedPoints).toBe(1);
        await redis.del(`kilnmark:${namespace}-other:signup:${key}`);
      } finally {
        await elsewhere.close?.();
      }
    } finally {
      await other.close?.();
    }
  });

  it("locks a login out once, with the configured lockout; refund, reset and remember work", async () => {
    const key = unique();
    for (let i = 0; i < LIMITS.loginPerAccount.points; i++) expect(await consume("loginPerAccount", key)).toBeNull();
    const crossing = await consume("loginPerAccount", key);
    expect(crossing?.retryAfterSeconds).toBe(2);
    expect(await consume("loginPerAccount", key)).not.toBeNull();
    await reset("loginPerAccount", key);
    expect(await consume("loginPerAccount", key)).toBeNull();

    const k2 = unique();
    for (let i = 0; i < LIMITS.signup.points; i++) await consume("signup", k2);
    await refund("signup", k2);
    expect(await consume("signup", k2)).toBeNull();
    expect(await consume("signup", k2)).not.toBeNull();

    expect(await isRemembered("login", key, 60)).toBe(false);
    await remember("login", key, 60);
    expect(await isRemembered("login", key, 60)).toBe(true);
  });

  it("keeps limiting in memory while Redis cannot be reached", async () => {
    const unreachable = redisStore("redis://127.0.0.1:1/0", "down");
    try {
      const limiter = unreachable.make("signup", 3, 60);
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          limiter.consume("k").then(
            () => "ok",
            (r: unknown) => (r instanceof RateLimiterRes ? "limited" : "error"),
          ),
        ),
      );
      expect(results.sort()).toEqual(["limited", "limited", "ok", "ok", "ok"]);
    } finally {
      await unreachable.close?.().catch(() => undefined);
    }
  });

  it("a REDIS_URL nothing answers is one line for the operator, password masked", async () => {
    const line = await redisProblem("redis://:s3cret@127.0.0.1:1/0");
    expect(line).toMatch(/^REDIS_URL: cannot reach Redis at redis:\/\/:\*\*\*\*@127\.0\.0\.1:1\/0 \(ECONNREFUSED\)/);
    expect(line).not.toContain("s3cret");
    expect(line!.split("\n")).toHaveLength(1);
  });
});
