import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import Database from "better-sqlite3";
import type { PrismaClient } from "@prisma/client";
import { BUSY_TIMEOUT_MS } from "~/utils/db.server";
import { sqlitePathFromUrl } from "~/utils/env.server";
import { ensureViewIndexTriggers } from "./view-index-triggers.server";
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from "./postgres-migrations.server";
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from "~/utils/permissions";

const require = createRequire(import.meta.url);

type MigrationState = { current: boolean; pending: string[]; unknownApplied: string[] };

/**
 * Compares prisma/migrations with the database's `_prisma_migrations` table through a read-only
 * connection (no lock taken, so it works beside a running server). A migration counts as applied
 * when it finished, was not rolled back and its checksum (SHA-256 of migration.sql, as Prisma
 * computes it) matches the folder.
 */
export function migrationState(databaseUrl: string, migrationsDir = path.resolve("prisma/migrations")): MigrationState {
  const folders = fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(migrationsDir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
  const file = sqlitePathFromUrl(databaseUrl);
  if (!fs.existsSync(file)) return { current: false, pending: folders, unknownApplied: [] };
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return { current: false, pending: folders, unknownApplied: [] };
    const rows = db
      .prepare("SELECT migration_name AS name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
      .all() as { name: string; checksum: string }[];
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    const pending = folders.filter((name) => {
      const sum = createHash("sha256")
        .update(fs.readFileSync(path.join(migrationsDir, name, "migration.sql")))
        .digest("hex");
      return applied.get(name) !== sum;
    });
    const known = new Set(folders);
    return { current: pending.length === 0, pending, unknownApplied: [...applied.keys()].filter((n) => !known.has(n)) };
  } finally {
    db.close();
  }
}

/**
 * Apply committed migrations with Prisma's own migrator (offline: JS engine + adapter), but only
 * when some are pending: `migrate deploy` takes a lock that fails on a database another process
 * (the running server) holds, so scripts run beside the server must not call it needlessly.
 * Returns whether the migrator ran. PostgreSQL: prisma/migrations-postgres through our own
 * migrator (postgres-migrations.server.ts).
 */
export async function applyMigrations(databaseUrl: string, cwd = process.cwd()): Promise<boolean> {
  if (!databaseUrl.startsWith("file:")) {
    return (await applyPostgresMigrations(databaseUrl, path.join(cwd, POSTGRES_MIGRATIONS_DIR))).length > 0;
  }
  return applySqliteMigrations(databaseUrl, cwd);
}

/** The SQLite half of applyMigrations, synchronous (Prisma's CLI in a child process). */
export function applySqliteMigrations(databaseUrl: string, cwd = process.cwd()): boolean {
  const state = migrationState(databaseUrl, path.join(cwd, "prisma", "migrations"));
  if (state.unknownApplied.length) {
    console.warn(`[migrations] the database has migrations this code does not know: ${state.unknownApplied.join(", ")}`);
  }
  const run = !state.current;
  if (run) {
    const prismaCli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
    execFileSync(process.execPath, [prismaCli, "migrate", "deploy"], {
      cwd,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "inherit"],
    });
  }
  const db = new Database(sqlitePathFromUrl(databaseUrl), { timeout: BUSY_TIMEOUT_MS });
  try {
    // WAL lets readers proceed while one writer commits; the mode is stored in the file, so
    // switching (which needs an exclusive lock) happens once, not beside a running server.
    if (String(db.pragma("journal_mode", { simple: true })).toLowerCase() !== "wal") db.pragma("journal_mode = WAL");
    ensureViewIndexTriggers(db);
  } finally {
    db.close();
  }
  return run;
}

/** Roles and permissions follow app/utils/permissions.ts; idempotent, run at every start. */
export async function syncRolesAndPermissions(db: PrismaClient) {
  for (const [key, description] of Object.entries(PERMISSIONS)) {
    await db.permission.upsert({ where: { key }, create: { key, description }, update: { description } });
  }
  for (const name of ROLES) {
    const keys = ROLE_PERMISSIONS[name];
    await db.role.upsert({
      where: { name },
      create: { name, permissions: { connect: keys.map((key) => ({ key })) } },
      update: { permissions: { set: keys.map((key) => ({ key })) } },
    });
  }
}
