/**
 * Create a migration offline (Prisma 6 `migrate dev --create-only` is broken with the JS engine):
 *   npm run migration:new -- add_something
 * Diffs the committed migrations against prisma/schema.prisma into a temp file first, and only
 * moves a non-empty result into prisma/migrations/<timestamp>_<name>/ (an empty file would be
 * recorded as applied).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run migration:new -- <name>");
  process.exit(1);
}
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-migrate-"));
const shadow = `file:${path.join(tmpDir, "shadow.db")}`;
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--script", "--shadow-database-url", shadow],
  { env: { ...process.env, DATABASE_URL: shadow }, encoding: "utf8" },
);
if (!sql.trim() || /^-- This is an empty migration/m.test(sql.trim())) {
  console.log("Schema and migrations agree: nothing to create.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`Created ${dir}/migration.sql (${sql.split("\n").length} lines). Review it, then restart the app to apply.`);
