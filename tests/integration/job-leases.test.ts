/**
 * Background-job leases (app/startup/job-leases.server.ts) on the real database of the run
 * (SQLite, or PostgreSQL with TEST_POSTGRES_URL).
 *
 * Lease rows (SQLite's): one holder at a time, renewals, takeover after a holder stops renewing,
 * release on shutdown, a race of many instances for a new lease, and no write while a held lease
 * has more than half its time to live left.
 *
 * Advisory locks (PostgreSQL's): one holder at a time, held without a second acquisition, taken
 * over at once when the holder's connection ends (a crash), released on shutdown, and never moving
 * the page cache's commit marker (which lease-row renewals did, once a minute: decision 019).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { acquireLease, advisoryLeases, advisoryLockKey, leaseTtlMs, releaseLeases, rowLeases } from "~/startup/job-leases.server";
import { databaseVersion } from "~/utils/database-version.server";
import { dialectOf } from "~/utils/db.server";
import { createTestDb, type TestDb } from "../setup/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.cleanup());

const at = (ms: number) => new Date(Date.UTC(2026, 10, 30, 12, 0, 0) + ms);
const postgres = () => dialectOf(t.url) === "postgres";

describe("job lease rows", () => {
  it("one holder at a time; the holder renews; another takes over only after expiry", async () => {
    const ttl = leaseTtlMs(60_000);
    expect(ttl).toBe(600_000); // at least 10 minutes
    expect(leaseTtlMs(6 * 3600_000)).toBe(9 * 3600_000); // 1.5 periods
    expect(await acquireLease(t.db, "job-a", ttl, { holder: "A", now: at(0) })).toBe(true);
    expect(await acquireLease(t.db, "job-a", ttl, { holder: "B", now: at(1_000) })).toBe(false);
    // A renews: B still cannot take it before the renewed lease runs out.
    expect(await acquireLease(t.db, "job-a", ttl, { holder: "A", now: at(300_000) })).toBe(true);
    expect(await acquireLease(t.db, "job-a", ttl, { holder: "B", now: at(300_000 + ttl - 1_000) })).toBe(false);
    // A stops renewing (crash): once its lease expires, B takes the job over.
    expect(await acquireLease(t.db, "job-a", ttl, { holder: "B", now: at(300_000 + ttl + 1) })).toBe(true);
    expect(await acquireLease(t.db, "job-a", ttl, { holder: "A", now: at(300_000 + ttl + 2) })).toBe(false);
    expect((await t.db.jobLease.findUnique({ where: { name: "job-a" } }))?.holder).toBe("B");
  });

  it("a released lease is free at once", async () => {
    expect(await acquireLease(t.db, "job-b", 90_000, { holder: "C" })).toBe(true);
    expect(await acquireLease(t.db, "job-b", 90_000, { holder: "D" })).toBe(false);
    await releaseLeases(t.db, "C");
    expect(await acquireLease(t.db, "job-b", 90_000, { holder: "D" })).toBe(true);
  });

  it("of 12 instances racing for a new lease, exactly one gets it", async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => acquireLease(t.db, "job-race", 90_000, { holder: `H${i}` })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("a held lease is written again only once half its time to live has gone", async () => {
    let now = at(0);
    const e = rowLeases(() => t.db, { holder: "E", now: () => now });
    const f = rowLeases(() => t.db, { holder: "F", now: () => now });
    const expiry = async () => (await t.db.jobLease.findUnique({ where: { name: "job-e" } }))?.expiresAt.getTime();
    expect(await e.acquire("job-e", 60_000)).toBe(true);
    expect(await expiry()).toBe(at(600_000).getTime());
    // Ticks every minute for four minutes: held, and the row is not written.
    for (let minute = 1; minute <= 4; minute++) {
      now = at(minute * 60_000);
      expect(await e.acquire("job-e", 60_000)).toBe(true);
      expect(await f.acquire("job-e", 60_000)).toBe(false);
    }
    expect(await expiry()).toBe(at(600_000).getTime());
    // Past half the time to live: renewed for another ten minutes.
    now = at(301_000);
    expect(await e.acquire("job-e", 60_000)).toBe(true);
    expect(await expiry()).toBe(at(901_000).getTime());
    // A clean stop frees it for F at once, and E no longer claims it.
    await e.release();
    expect(await f.acquire("job-e", 60_000)).toBe(true);
    expect(await e.acquire("job-e", 60_000)).toBe(false);
  });
});

describe.skipIf(!process.env.TEST_POSTGRES_URL)("job leases as PostgreSQL advisory locks", () => {
  const admin = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    try {
      return (await c.query<T>(sql, params)).rows;
    } finally {
      await c.end();
    }
  };
  /** Sessions holding the job's lock, by application_name. */
  const holders = async (name: string) => {
    const [k1, k2] = advisoryLockKey(name);
    return (
      await admin<{ application_name: string }>(
        `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.classid = $1::int8::oid AND l.objid = $2::int8::oid AND l.objsubid = 2`,
        [k1, k2],
      )
    ).map((r) => r.application_name);
  };

  it("one holder at a time, held without a second acquisition, taken over at once when the holder's session ends", async () => {
    expect(postgres()).toBe(true);
    const a = advisoryLeases(t.url, { applicationName: "kilnmark-jobs:test-a" });
    const b = advisoryLeases(t.url, { applicationName: "kilnmark-jobs:test-b" });
    try {
      expect(await a.acquire("job-p", 60_000)).toBe(true);
      expect(await b.acquire("job-p", 60_000)).toBe(false);
      for (let i = 0; i < 5; i++) expect(await a.acquire("job-p", 60_000)).toBe(true);
      // Held once: one lock, not six acquisitions of it.
      const [k1, k2] = advisoryLockKey("job-p");
      const [count] = await admin<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::int8::oid AND objid = $2::int8::oid AND pid = $3`,
        [k1, k2, a.backendPid()],
      );
      expect(count!.n).toBe(1);
      expect(await holders("job-p")).toEqual(["kilnmark-jobs:test-a"]);

      // A's session ends (its process crashed, or the server cut it off): B takes the job at once.
      await admin("SELECT pg_terminate_backend($1)", [a.backendPid()]);
      await expect.poll(() => holders("job-p"), { timeout: 5_000 }).toEqual([]);
      expect(await b.acquire("job-p", 60_000)).toBe(true);
      expect(await holders("job-p")).toEqual(["kilnmark-jobs:test-b"]);
      // A finds out at its next tick (its connection is gone: an error, or the lock is B's).
      const again = await a.acquire("job-p", 60_000).catch(() => "error");
      expect(again === false || again === "error").toBe(true);
      expect(await a.acquire("job-p", 60_000)).toBe(false);

      // A clean stop frees the lock at once.
      await b.release();
      expect(await holders("job-p")).toEqual([]);
      expect(await a.acquire("job-p", 60_000)).toBe(true);
      expect(await b.acquire("job-p", 60_000)).toBe(false); // released for good
    } finally {
      await a.release();
      await b.release();
    }
  });

  it("of 12 instances racing for a lock, exactly one gets it", async () => {
    const all = Array.from({ length: 12 }, (_, i) => advisoryLeases(t.url, { applicationName: `kilnmark-jobs:race-${i}` }));
    try {
      const results = await Promise.all(all.map((l) => l.acquire("job-race-p", 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all(all.map((l) => l.release()));
    }
  });

  it("taking and keeping a lease commits nothing: the page cache's marker stays put", async () => {
    const version = databaseVersion(t.url);
    const leases = advisoryLeases(t.url);
    try {
      await leases.acquire("job-quiet", 60_000);
      // The marker is the server's (other test files write to other databases on it): unchanged
      // in one of 20 tries, which a lease that wrote would never be.
      let unchanged = false;
      for (let i = 0; i < 20 && !unchanged; i++) {
        const before = await version();
        expect(await leases.acquire("job-quiet", 60_000)).toBe(true);
        expect(await leases.acquire(`job-quiet-${i}`, 60_000)).toBe(true);
        unchanged = (await version()) === before;
      }
      expect(unchanged).toBe(true);
    } finally {
      await leases.release();
    }
  });
});
