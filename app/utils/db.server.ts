import fs from "node:fs";
import path from "node:path";
import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { getEnv, sqlitePathFromUrl } from "./env.server";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * SQLite busy timeout (better-sqlite3's `timeout`): a writer that finds another process (the
 * server, an import script) holding the write lock waits up to this long instead of failing.
 */
export const BUSY_TIMEOUT_MS = 15_000;

/**
 * Prisma's SQLite adapter opens interactive transactions with a plain (deferred) `BEGIN`. One
 * that reads before it writes cannot wait for another process's write: once that commits, its
 * read snapshot is stale and SQLite answers SQLITE_BUSY at once, busy timeout or not (measured:
 * an import script beside the server made the server's transactions fail). `BEGIN IMMEDIATE`
 * takes the write lock up front, so the busy timeout applies. Within one process the adapter
 * already runs one transaction at a time, so this costs nothing there. Only the adapter's exact
 * one-argument `prepare("BEGIN")` is rewritten (better-sqlite3's own helpers pass more arguments).
 */
function beginImmediateTransactions(): void {
  const proto = Database.prototype as unknown as { prepare: (...args: unknown[]) => unknown; __kilnmarkBeginImmediate?: true };
  if (proto.__kilnmarkBeginImmediate) return;
  const prepare = proto.prepare;
  proto.prepare = function (this: unknown, ...args: unknown[]) {
    if (args.length === 1 && args[0] === "BEGIN") return prepare.call(this, "BEGIN IMMEDIATE");
    return prepare.apply(this, args);
  };
  proto.__kilnmarkBeginImmediate = true;
}

export function createPrismaClient(databaseUrl: string): PrismaClient {
  if (databaseUrl.startsWith("file:")) {
    beginImmediateTransactions();
    const file = sqlitePathFromUrl(databaseUrl);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: BUSY_TIMEOUT_MS });
    return new PrismaClient({ adapter });
  }
  throw new Error(
    "DATABASE_URL: PostgreSQL mode is not built yet; use a file: URL (see README, Configuration).",
  );
}

const globalForPrisma = globalThis as unknown as { __kilnmarkPrisma?: PrismaClient };

/** One client per process (Remix dev reloads modules; the global keeps one pool). */
export function getDb(): PrismaClient {
  if (!globalForPrisma.__kilnmarkPrisma) {
    globalForPrisma.__kilnmarkPrisma = createPrismaClient(getEnv().DATABASE_URL);
  }
  return globalForPrisma.__kilnmarkPrisma;
}

export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_t, prop) {
    const db = getDb() as unknown as Record<string | symbol, unknown>;
    const value = db[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(db) : value;
  },
});

/** Tests point the process at a fresh database. */
export async function setDbForTests(client: PrismaClient | undefined) {
  globalForPrisma.__kilnmarkPrisma = client;
}
