/**
 * Background-job leases (app/startup/job-leases.server.ts) on the real database of the run
 * (SQLite, or PostgreSQL with TEST_POSTGRES_URL): one holder at a time, renewals, takeover after a
 * holder stops renewing, release on shutdown, and a race of many instances for a new lease.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireLease, leaseTtlMs, releaseLeases } from "~/startup/job-leases.server";
import { createTestDb, type TestDb } from "../setup/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.cleanup());

const at = (ms: number) => new Date(Date.UTC(2026, 10, 30, 12, 0, 0) + ms);

describe("job leases", () => {
  it("one holder at a time; the holder renews; another takes over only after expiry", async () => {
    const ttl = leaseTtlMs(60_000);
    expect(ttl).toBe(90_000);
    expect(await acquireLease(t.db, "job-a", ttl, { holder: "A", now: at(0) })).toBe(true);
    expect(await acquireLease(t.db, "job-a", ttl, { holder: "B", now: at(1_000) })).toBe(false);
    // A renews at its next tick: B still cannot take it one period later.
    expect(await acquireLease(t.db, "job-a", ttl, { holder: "A", now: at(60_000) })).toBe(true);
    expect(await acquireLease(t.db, "job-a", ttl, { holder: "B", now: at(120_000) })).toBe(false);
    // A stops renewing (crash): 1.5 periods after its last renewal, B takes the job over.
    expect(await acquireLease(t.db, "job-a", ttl, { holder: "B", now: at(60_000 + ttl + 1) })).toBe(true);
    expect(await acquireLease(t.db, "job-a", ttl, { holder: "A", now: at(60_000 + ttl + 2) })).toBe(false);
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
});
