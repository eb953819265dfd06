/**
 * Applies prisma/migrations-postgres at start-up, as `prisma migrate deploy` does for SQLite
 * (the Prisma 6.19 CLI cannot migrate through the PostgreSQL driver adapter; see STACK.md).
 * The bookkeeping is Prisma's own `_prisma_migrations` table (same columns, checksum = SHA-256 of
 * migration.sql), so `prisma migrate status` and a later switch to the CLI read it as theirs.
 *
 * Several instances may start at once: a session advisory lock makes one apply while the others
 * wait, then find nothing pending. Each migration runs in its own transaction (PostgreSQL DDL is
 * transactional): one that fails leaves nothing half-applied and stops start-up.
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { POSTGRES_SESSION_OPTIONS } from "~/utils/db.server";

/** Arbitrary, fixed: the advisory lock key of the migrator (one per database). */
const MIGRATION_LOCK_KEY = 72_707_001;

export const POSTGRES_MIGRATIONS_DIR = path.join("prisma", "migrations-postgres");

export function migrationFolders(dir: string): { name: string; sql: string; checksum: string }[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Returns the names of the migrations it applied (empty when the database was current). */
export async function applyPostgresMigrations(databaseUrl: string, dir = path.resolve(POSTGRES_MIGRATIONS_DIR)): Promise<string[]> {
  const folders = migrationFolders(dir);
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000, options: POSTGRES_SESSION_OPTIONS });
  await client.connect();
  const applied: string[] = [];
  try {
    // Quiet the NOTICEs of IF NOT EXISTS on every start.
    await client.query("SET client_min_messages = warning");
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(BOOKKEEPING);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT "migration_name", "checksum" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const known = new Set(folders.map((f) => f.name));
    const unknown = [...done.keys()].filter((n) => !known.has(n));
    if (unknown.length) console.warn(`[migrations] the database has migrations this code does not know: ${unknown.join(", ")}`);
    for (const m of folders) {
      const sum = done.get(m.name);
      if (sum === m.checksum) continue;
      if (sum !== undefined) {
        throw new Error(`migration ${m.name} was changed after it was applied (checksum differs): restore the committed file`);
      }
      const id = randomUUID();
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "applied_steps_count") VALUES ($1, $2, now(), $3, 1)`,
          [id, m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new Error(`migration ${m.name} failed: ${(e as Error).message}`);
      }
      applied.push(m.name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
  if (applied.length) console.log(`[migrations] applied ${applied.length} PostgreSQL migration(s): ${applied.join(", ")}`);
  return applied;
}

/** Pending migration names, without applying anything (a read; no lock). */
export async function pendingPostgresMigrations(databaseUrl: string, dir = path.resolve(POSTGRES_MIGRATIONS_DIR)): Promise<string[]> {
  const folders = migrationFolders(dir);
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000, options: POSTGRES_SESSION_OPTIONS });
  await client.connect();
  try {
    const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "ok"`);
    if (!exists.rows[0]?.ok) return folders.map((f) => f.name);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT "migration_name", "checksum" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    return folders.filter((f) => done.get(f.name) !== f.checksum).map((f) => f.name);
  } finally {
    await client.end().catch(() => undefined);
  }
}
