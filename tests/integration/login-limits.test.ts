/**
 * Issue 10, item 2: a burst of parallel guesses must not outrun the login limit. The password
 * check is counted (the real argon2 verify, wrapped), so "evaluated" means evaluated.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const evaluations = vi.hoisted(() => ({ count: 0 }));
vi.mock("~/domain/accounts/password.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/domain/accounts/password.server")>();
  return {
    ...real,
    verifyPassword: async (hash: string, password: string) => {
      evaluations.count++;
      return real.verifyPassword(hash, password);
    },
    burnPasswordCheck: async (password: string) => {
      evaluations.count++;
      return real.burnPasswordCheck(password);
    },
  };
});

import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { logIn } from "~/domain/accounts/log-in.server";
import { isRateLimited, LIMITS } from "~/utils/rate-limit.server";
import { resetEnvCache } from "~/utils/env.server";

let t: TestDb;
beforeAll(async () => {
  // Short lockouts so the test can wait them out, long enough to outlast a burst on a loaded machine.
  process.env.LOGIN_LOCKOUT_SECONDS = "5";
  process.env.LOGIN_LOCKOUT_MAX_SECONDS = "10";
  t = await createTestDb(); // resets the env cache after setting DATA_DIR
});
afterAll(async () => {
  delete process.env.LOGIN_LOCKOUT_SECONDS;
  delete process.env.LOGIN_LOCKOUT_MAX_SECONDS;
  resetEnvCache();
  await t.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function settle<T>(p: Promise<T>) {
  try {
    return { ok: true as const, value: await p };
  } catch (e) {
    return { ok: false as const, error: e };
  }
}

describe("login under a parallel burst", () => {
  it("evaluates at most the configured number of 200 parallel guesses; the right password after them is refused until the lockout ends", async () => {
    const owner = await createTestUser(t.db, "artisan");
    evaluations.count = 0;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => settle(logIn({ db: t.db, email: owner.email, password: `guess-${i}`, ip: "198.51.100.10" }))),
    );

    expect(evaluations.count).toBeLessThanOrEqual(LIMITS.loginPerAccount.points);
    expect(evaluations.count).toBe(LIMITS.loginPerAccount.points);
    const refused = results.filter((r) => !r.ok && isRateLimited(r.error));
    const wrong = results.filter((r) => !r.ok && (r.error as { code?: string }).code === "UNAUTHORIZED");
    expect(wrong).toHaveLength(LIMITS.loginPerAccount.points);
    expect(refused).toHaveLength(200 - LIMITS.loginPerAccount.points);
    expect(results.some((r) => r.ok)).toBe(false);

    // The right password, right after: refused without being evaluated.
    const before = evaluations.count;
    await expect(logIn({ db: t.db, email: owner.email, password: owner.password, ip: "198.51.100.10" })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      messageKey: "auth.error.tooManyAttempts",
    });
    // From another address too: the account is locked for addresses it has never logged in from.
    await expect(logIn({ db: t.db, email: owner.email, password: owner.password, ip: "203.0.113.50" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // Case variants of the address are the same account.
    await expect(logIn({ db: t.db, email: owner.email.toUpperCase(), password: "x", ip: "203.0.113.51" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(evaluations.count).toBe(before);

    // After the (short, test-configured) lockout the owner logs in, which clears the count.
    await sleep(5_100);
    await expect(logIn({ db: t.db, email: owner.email, password: owner.password, ip: "198.51.100.10" })).resolves.toMatchObject({ id: owner.id });
  }, 60_000);

  it("does not let a stranger lock the owner out at an address the owner logged in from", async () => {
    const owner = await createTestUser(t.db, "licensee");
    const home = "192.0.2.20";
    await expect(logIn({ db: t.db, email: owner.email, password: owner.password, ip: home })).resolves.toMatchObject({ id: owner.id });

    // A stranger elsewhere guesses until locked out, and keeps trying.
    const stranger = "203.0.113.99";
    const attempts = await Promise.all(
      Array.from({ length: 40 }, (_, i) => settle(logIn({ db: t.db, email: owner.email, password: `nope-${i}`, ip: stranger }))),
    );
    expect(attempts.filter((r) => !r.ok && isRateLimited(r.error)).length).toBe(40 - LIMITS.loginPerAccount.points);
    await expect(logIn({ db: t.db, email: owner.email, password: owner.password, ip: stranger })).rejects.toMatchObject({ code: "RATE_LIMITED" });

    // The owner at home is not affected.
    await expect(logIn({ db: t.db, email: owner.email, password: owner.password, ip: home })).resolves.toMatchObject({ id: owner.id });
  }, 60_000);

  it("locks an address guessing across many accounts, with growing but capped lockouts", async () => {
    const ip = "198.51.100.77";
    const fresh = await createTestUser(t.db, "artisan");
    evaluations.count = 0;
    const burst = await Promise.all(Array.from({ length: 100 }, (_, i) => settle(logIn({ db: t.db, email: `nobody-${i}@example.com`, password: "x", ip }))));
    expect(evaluations.count).toBe(LIMITS.loginPerAddress.points);
    const refusals = burst.filter((r) => !r.ok && isRateLimited(r.error)).map((r) => (r as { error: { retryAfterSeconds: number } }).error.retryAfterSeconds);
    expect(refusals).toHaveLength(100 - LIMITS.loginPerAddress.points);
    expect(Math.max(...refusals)).toBeLessThanOrEqual(LIMITS.loginPerAddress.duration);

    await expect(logIn({ db: t.db, email: fresh.email, password: fresh.password, ip })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(logIn({ db: t.db, email: fresh.email, password: fresh.password, ip: "198.51.100.78" })).resolves.toMatchObject({ id: fresh.id });

    // Second lockout of the same address is twice as long (10 s), the third no longer: the cap.
    await sleep(5_100);
    for (let i = 0; i < LIMITS.loginPerAddress.points; i++) await settle(logIn({ db: t.db, email: `again-${i}@example.com`, password: "x", ip }));
    const second = await settle(logIn({ db: t.db, email: "again-x@example.com", password: "x", ip }));
    expect(!second.ok && isRateLimited(second.error) && second.error.retryAfterSeconds).toBe(10);
    await sleep(10_100);
    for (let i = 0; i < LIMITS.loginPerAddress.points; i++) await settle(logIn({ db: t.db, email: `third-${i}@example.com`, password: "x", ip }));
    const third = await settle(logIn({ db: t.db, email: "third-x@example.com", password: "x", ip }));
    expect(!third.ok && isRateLimited(third.error) && third.error.retryAfterSeconds).toBe(10);
  }, 60_000);

  it("a successful login does not count against the address", async () => {
    const u = await createTestUser(t.db, "artisan");
    for (let i = 0; i < LIMITS.loginPerAddress.points + 5; i++) {
      await expect(logIn({ db: t.db, email: u.email, password: u.password, ip: "192.0.2.200" })).resolves.toMatchObject({ id: u.id });
    }
  }, 60_000);
});
