/**
 * The database marker the page cache and the catalog's cached totals trust (see
 * ~/utils/database-version.server), on the database this run uses (SQLite, or PostgreSQL with
 * TEST_POSTGRES_URL): it changes when a write commits — from another connection too — and only
 * then. On PostgreSQL, maintenance that writes WAL without changing data (VACUUM, CHECKPOINT)
 * and an uncommitted write leave it alone.
 *
 * PostgreSQL's marker is the cluster's: test files running in parallel write to other databases of
 * the same server and move it. "Unchanged" is therefore checked as "unchanged in at least one of
 * 20 tries" — something that always moved the marker would fail every try.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@prisma/client";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { databaseVersion } from "~/utils/database-version.server";
import { createPrismaClient, dialectOf } from "~/utils/db.server";

let t: TestDb;
let other: PrismaClient;
const postgres = dialectOf(process.env.TEST_POSTGRES_URL ?? "file:") === "postgres";

/** True when `step` left the marker unchanged in one of 20 tries (see above). */
async function leavesMarker(version: () => Promise<string>, step: () => Promise<unknown>): Promise<boolean> {
  for (let i = 0; i < 20; i++) {
    const before = await version();
    await step();
    if ((await version()) === before) return true;
  }
  return false;
}

beforeAll(async () => {
  t = await createTestDb();
  // A second, separate connection (another instance or a CLI, as far as the marker can tell).
  other = createPrismaClient(t.url);
});
afterAll(async () => {
  await other.$disconnect();
  await t.cleanup();
});

describe("databaseVersion", () => {
  it("changes with each committed write from any connection, and not with reads or rolled-back writes", async () => {
    const version = databaseVersion(t.url);
    const user = await createTestUser(t.db, "artisan");
    const v0 = await version();
    expect(await leavesMarker(version, () => other.user.findMany())).toBe(true);

    await other.user.update({ where: { id: user.id }, data: { name: "改名" } });
    const v1 = await version();
    expect(v1).not.toBe(v0);

    await t.db.user.update({ where: { id: user.id }, data: { name: "再改名" } });
    const v2 = await version();
    expect(v2).not.toBe(v1);

    const rollBack = () =>
      other
        .$transaction(async (tx) => {
          await tx.user.update({ where: { id: user.id }, data: { name: "不算数" } });
          throw new Error("roll back");
        })
        .catch((e: Error) => expect(e.message).toBe("roll back"));
    // SQLite: nothing committed, nothing changes. PostgreSQL: the aborted transaction id ends, which
    // moves the marker — a render too many, never a stale page.
    if (!postgres) expect(await leavesMarker(version, rollBack)).toBe(true);
    else await rollBack();
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("再改名");
  });

  it.runIf(postgres)("PostgreSQL: VACUUM and CHECKPOINT move the WAL but not the marker; a write is seen only when it commits", async () => {
    const version = databaseVersion(t.url);
    const user = await createTestUser(t.db, "artisan");
    const lsn = async () => (await other.$queryRawUnsafe<{ lsn: string }[]>(`SELECT pg_current_wal_lsn()::text AS "lsn"`))[0]!.lsn;
    const lsnBefore = await lsn();
    const maintenance = async () => {
      await other.$executeRawUnsafe(`VACUUM "User"`);
      await other.$executeRawUnsafe(`CHECKPOINT`);
    };
    expect(await leavesMarker(version, maintenance)).toBe(true);
    expect(await lsn()).not.toBe(lsnBefore);

    // Read on another connection while the write is not yet committed.
    let unchangedInside = false;
    for (let i = 0; i < 20 && !unchangedInside; i++) {
      const before = await version();
      let inside = "";
      await other.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { name: `进行中 ${i}` } });
        inside = await version();
      });
      unchangedInside = inside === before;
      expect(await version()).not.toBe(before);
    }
    expect(unchangedInside).toBe(true);
  });
});
