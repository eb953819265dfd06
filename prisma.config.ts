// Prisma 6.19 with the JavaScript engine and the better-sqlite3 driver adapter: works offline
// (Prisma 7 and the Rust engines need a download that this network refuses). See docs/decisions/001.
import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

function sqliteUrl(): string {
  const url = process.env.DATABASE_URL ?? "file:./data/kilnmark.db";
  // The adapter cannot create the folder; a fresh clone has none.
  if (url.startsWith("file:")) fs.mkdirSync(path.dirname(path.resolve(url.slice(5))), { recursive: true });
  return url;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    return new PrismaBetterSQLite3({ url: sqliteUrl() });
  },
});
