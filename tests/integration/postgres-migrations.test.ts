/**
 * The PostgreSQL migrator (app/startup/postgres-migrations.server.ts) on a real server: runs in
 * the PostgreSQL pass (TEST_POSTGRES_URL), skipped on SQLite.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyPostgresMigrations, migrationFolders, pendingPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from "~/startup/postgres-migrations.server";
import { testPostgresUrl, withDatabase } from "../setup/postgres-test-db";

const server = testPostgresUrl();
const made: string[] = [];

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function emptyDatabase(): Promise<string> {
  const name = `kilnmark_mig_${process.pid}_${made.length}_${Date.now() % 100000}`;
  await admin(`CREATE DATABASE "${name}" TEMPLATE template0`);
  made.push(name);
  return withDatabase(server!, name);
}

afterAll(async () => {
  for (const name of made) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe.skipIf(!server)("PostgreSQL migrations", () => {
  it("applies every migration once, records them as Prisma does, and finds nothing pending after", async () => {
    const url = await emptyDatabase();
    const all = migrationFolders(path.resolve(POSTGRES_MIGRATIONS_DIR)).map((m) => m.name);
    expect(await pendingPostgresMigrations(url)).toEqual(all);
    expect(await applyPostgresMigrations(url)).toEqual(all);
    expect(await applyPostgresMigrations(url)).toEqual([]);
    expect(await pendingPostgresMigrations(url)).toEqual([]);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const rows = (
        await c.query(`SELECT "migration_name", length("checksum") AS "len", "finished_at" IS NOT NULL AS "done" FROM "_prisma_migrations" ORDER BY 1`)
      ).rows;
      expect(rows.map((r) => r.migration_name)).toEqual(all);
      expect(rows.every((r) => r.len === 64 && r.done)).toBe(true);
      // What Prisma cannot model is there too: the search index and the triggers.
      const triggers = (await c.query(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`)).rows.map((r) => r.tgname);
      expect(triggers).toEqual(
        expect.arrayContaining(["Work_catalog_facets_update", "Work_search_update", "Author_search", "WorkView_index_insert", "Work_a_index_status"]),
      );
    } finally {
      await c.end();
    }
  });

  it("three instances starting at once: one applies, the others wait and find the database current", async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([0, 1, 2].map(() => applyPostgresMigrations(url)));
    expect(results.filter((r) => r.length > 0)).toHaveLength(1);
    expect(await pendingPostgresMigrations(url)).toEqual([]);
  });

  it("a failing migration leaves nothing half-applied; a changed applied one stops start-up", async () => {
    const url = await emptyDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-pgmig-"));
    try {
      fs.mkdirSync(path.join(dir, "001_ok"));
      fs.writeFileSync(path.join(dir, "001_ok", "migration.sql"), `CREATE TABLE "A" ("id" int PRIMARY KEY);`);
      fs.mkdirSync(path.join(dir, "002_bad"));
      fs.writeFileSync(path.join(dir, "002_bad", "migration.sql"), `CREATE TABLE "B" ("id" int); SELECT no_such_function();`);
      await expect(applyPostgresMigrations(url, dir)).rejects.toThrow(/002_bad failed/);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        expect((await c.query(`SELECT to_regclass('"A"') IS NOT NULL AS "a", to_regclass('"B"') IS NOT NULL AS "b"`)).rows[0]).toEqual({ a: true, b: false });
      } finally {
        await c.end();
      }
      fs.rmSync(path.join(dir, "002_bad"), { recursive: true });
      fs.writeFileSync(path.join(dir, "001_ok", "migration.sql"), `CREATE TABLE "A" ("id" bigint PRIMARY KEY);`);
      await expect(applyPostgresMigrations(url, dir)).rejects.toThrow(/001_ok was changed after it was applied/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
