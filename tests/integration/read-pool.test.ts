/**
 * The catalog's read pool on PostgreSQL (~/utils/db.server readPool, decision 018): it reads the
 * database its Prisma client uses, reads `timestamp without time zone` as UTC whatever the
 * process's time zone, and is closed with the client. On SQLite there is none.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../setup/test-db";
import { onPostgres } from "../setup/dialect";
import { createPrismaClient, readPool, readStatement } from "~/utils/db.server";
import { POSTGRES_VERSION_SQL } from "~/utils/database-version.server";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.cleanup();
});

describe("readPool", () => {
  it.runIf(!onPostgres)("does not exist on SQLite", () => {
    expect(readPool(t.db)).toBeUndefined();
  });

  it.runIf(onPostgres)("reads the client's own database", async () => {
    const pool = readPool(t.db)!;
    expect(pool).toBeDefined();
    const [viaPool] = (await pool.query<{ db: string }>("SELECT current_database()::text AS db")).rows;
    const [viaPrisma] = await t.db.$queryRawUnsafe<{ db: string }[]>("SELECT current_database()::text AS db");
    expect(viaPool!.db).toBe(viaPrisma!.db);
    expect(readPool(t.db)).toBe(pool);
  });

  it.runIf(onPostgres)("reads zone-less timestamps as UTC in any process time zone, as Prisma does", async () => {
    const tz = process.env.TZ;
    process.env.TZ = "Asia/Shanghai";
    try {
      expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(-480); // the zone change took effect
      const sql = `SELECT TIMESTAMP '2026-01-01 00:30:00.125' AS "t", NULL::timestamp AS "none"`;
      const [row] = (await readPool(t.db)!.query<{ t: Date; none: Date | null }>(sql)).rows;
      expect(row!.t.toISOString()).toBe("2026-01-01T00:30:00.125Z");
      expect(row!.none).toBeNull();
      const [viaPrisma] = await t.db.$queryRawUnsafe<{ t: Date }[]>(sql);
      expect(row!.t.getTime()).toBe(viaPrisma!.t.getTime());
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it.runIf(onPostgres)("is closed with its client and made again if the client is used after", async () => {
    const client = createPrismaClient(t.url);
    const pool = readPool(client)!;
    const marker = readPool(client, "marker")!;
    await pool.query("SELECT 1");
    await marker.query("SELECT 1");
    expect(pool.totalCount).toBe(1);
    await client.$disconnect();
    expect(pool.ended).toBe(true);
    expect(marker.ended).toBe(true);
    const again = readPool(client)!;
    expect(again).not.toBe(pool);
    await again.query("SELECT 1");
    await client.$disconnect();
  });

  it.runIf(onPostgres)("the change marker has a connection of its own: with every read connection taken, it still answers", async () => {
    const reads = readPool(t.db)!;
    const marker = readPool(t.db, "marker")!;
    expect(marker).not.toBe(reads);
    expect(marker.options.max).toBe(1);
    const held = await Promise.all(Array.from({ length: reads.options.max }, () => reads.connect()));
    try {
      const answered = await Promise.race([
        marker.query(POSTGRES_VERSION_SQL).then((r) => r.rows[0]?.snapshot as string),
        new Promise<null>((r) => setTimeout(() => r(null), 3_000)),
      ]);
      expect(answered).toMatch(/^\d+:\d+:/);
    } finally {
      for (const c of held) c.release();
    }
  });

  it("names a prepared statement after its text: one name per text, none when not asked", () => {
    const a = readStatement("SELECT $1::int AS n", [1], true);
    expect(a.name).toMatch(/^kilnmark_[0-9a-f]{32}$/);
    expect(readStatement("SELECT $1::int AS n", [2], true).name).toBe(a.name);
    expect(readStatement("SELECT $1::int + 1 AS n", [1], true).name).not.toBe(a.name);
    expect(readStatement("SELECT $1::int AS n", [1]).name).toBeUndefined();
  });

  it.runIf(onPostgres)("a prepared read is planned once per connection and answers for every value", async () => {
    const sql = `SELECT $1::text || '-' || $2::int AS "v"`;
    const client = await readPool(t.db)!.connect();
    try {
      for (let i = 0; i < 5; i++) expect((await client.query<{ v: string }>(readStatement(sql, [`x${i}`, i], true))).rows[0]!.v).toBe(`x${i}-${i}`);
      const prepared = await client.query<{ name: string; statement: string }>(`SELECT "name", "statement" FROM pg_prepared_statements`);
      expect(prepared.rows.filter((r) => r.statement === sql)).toEqual([{ name: readStatement(sql, [], true).name, statement: sql }]);
    } finally {
      client.release();
    }
  });
});
