/**
 * Create a migration offline:
 *   npm run migration:new -- add_something
 *
 * With a driver adapter in prisma.config.ts, Prisma 6.19 refuses `migrate diff --from-migrations`
 * (it wants a shadow database it cannot open) and `--from-url`. What does work: apply the
 * committed migrations to a temp SQLite file (`migrate deploy`), introspect it (`db pull
 * --print`), and diff that datamodel against prisma/schema.prisma. The SQL goes to a temp file
 * first and only a non-empty result is moved into prisma/migrations/<timestamp>_<name>/ (an empty
 * file would be recorded as applied).
 *
 * PostgreSQL: prisma/postgres/schema.prisma is re-derived (scripts/postgres-schema.ts) and the
 * same change, diffed from the previous derived schema to the new one (no database needed), goes
 * to prisma/migrations-postgres/<timestamp>_<name>/. What Prisma cannot model (triggers, search
 * indexes) is written by hand in both folders.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { POSTGRES_SCHEMA, postgresSchema, SQLITE_SCHEMA } from "./postgres-schema";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run migration:new -- <name>");
  process.exit(1);
}
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-migrate-"));
const url = `file:${path.join(tmpDir, "current.db")}`;
const prisma = (args: string[]) =>
  execFileSync("npx", ["prisma", ...args], {
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });

try {
  prisma(["migrate", "deploy"]);
  // The CLI prints config warnings on stdout before the schema: keep from the generator block on.
  const pulled = prisma(["db", "pull", "--print"]);
  const start = pulled.search(/^generator /m);
  if (start < 0) throw new Error(`could not read the migrated schema:\n${pulled}`);
  const current = path.join(tmpDir, "current.prisma");
  fs.writeFileSync(current, withoutFts5Tables(pulled.slice(start), path.join(tmpDir, "current.db")));
  const sql = prisma(["migrate", "diff", "--from-schema-datamodel", current, "--to-schema-datamodel", "prisma/schema.prisma", "--script"]);
  if (!sql.trim() || /^-- This is an empty migration/m.test(sql.trim())) {
    console.log("Schema and migrations agree: nothing to create.");
    process.exit(0);
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`Created ${dir}/migration.sql (${sql.split("\n").length} lines). Review it, then restart the app to apply.`);

  // PostgreSQL: the same change between the derived schemas.
  const previous = path.join(tmpDir, "previous-postgres.prisma");
  fs.copyFileSync(POSTGRES_SCHEMA, previous);
  fs.writeFileSync(POSTGRES_SCHEMA, postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  const pgSql = prisma(["migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", POSTGRES_SCHEMA, "--script"]);
  if (pgSql.trim() && !/^-- This is an empty migration/m.test(pgSql.trim())) {
    const pgDir = path.join("prisma", "migrations-postgres", `${stamp}_${name}`);
    fs.mkdirSync(pgDir, { recursive: true });
    fs.writeFileSync(path.join(pgDir, "migration.sql"), pgSql);
    console.log(`Created ${pgDir}/migration.sql (${pgSql.split("\n").length} lines).`);
  }
} finally {
  fs.rmSync(tmpDir, { recursive: true, force: true });
}

/**
 * `db pull` lists FTS5 virtual tables and their shadow tables as models; schema.prisma cannot
 * declare them, so the diff would drop them. Leave them (and everything else Prisma cannot model,
 * like triggers) to hand-written migration SQL.
 */
function withoutFts5Tables(datamodel: string, file: string): string {
  const db = new Database(file, { readonly: true });
  const virtual = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'").all() as { name: string }[];
  db.close();
  const names = new Set(virtual.flatMap(({ name }) => [name, ...["data", "idx", "content", "docsize", "config"].map((s) => `${name}_${s}`)]));
  return datamodel.replace(/^(?:\/\/\/[^\n]*\n)*model (\w+) \{[\s\S]*?^\}\n?/gm, (block, name: string) => (names.has(name) ? "" : block));
}
