/**
 * PostgreSQL databases for tests. With TEST_POSTGRES_URL set (a server URL whose database is a
 * maintenance one, e.g. postgresql://postgres@127.0.0.1:5432/postgres), every test file (and the
 * e2e server) gets a fresh database: CREATE DATABASE … TEMPLATE of a database migrated once per
 * set of migrations (its name carries their digest), DROP … WITH (FORCE) after.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from "~/startup/postgres-migrations.server";

export const testPostgresUrl = (): string | undefined => process.env.TEST_POSTGRES_URL || undefined;

/** The same server, another database. */
export function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

function migrationsDigest(): string {
  const dir = path.resolve(POSTGRES_MIGRATIONS_DIR);
  const h = crypto.createHash("sha256");
  for (const d of fs.readdirSync(dir).sort()) {
    const f = path.join(dir, d, "migration.sql");
    if (fs.existsSync(f)) h.update(d).update(fs.readFileSync(f));
  }
  return h.digest("hex").slice(0, 12);
}

async function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const TEMPLATE_LOCK = 72_707_100;

/** The migrated template's name (made once; test files of one run may race to make it). */
async function templateDatabase(serverUrl: string): Promise<string> {
  const name = `kilnmark_template_${migrationsDigest()}`;
  await admin(serverUrl, async (c) => {
    await c.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK]);
    try {
      const exists = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (exists.rowCount) return;
      const building = `${name}_building`;
      await c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${building}" TEMPLATE template0 ENCODING 'UTF8'`);
      await applyPostgresMigrations(withDatabase(serverUrl, building));
      await c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } finally {
      await c.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK]);
    }
  });
  return name;
}

/** A fresh, migrated database; returns its URL and a function that drops it. */
export async function createPostgresTestDatabase(serverUrl: string, prefix = "kilnmark_t"): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = await templateDatabase(serverUrl);
  const name = `${prefix}_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  await admin(serverUrl, async (c) => {
    // A copy fails while another session is connected to the template (another copy starting):
    // try again shortly.
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (e) {
        if (attempt < 20 && /being accessed by other users/.test((e as Error).message)) {
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
          continue;
        }
        throw e;
      }
    }
  });
  return {
    url: withDatabase(serverUrl, name),
    drop: () => admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined)),
  };
}
