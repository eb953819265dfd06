import fs from "node:fs";
import path from "node:path";
import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { getEnv, sqlitePathFromUrl } from "./env.server";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * SQLite busy timeout (better-sqlite3's `timeout`): a writer that finds another process (the
 * server, an import script) holding the write lock waits up to this long instead of failing.
 */
export const BUSY_TIMEOUT_MS = 15_000;

export function createPrismaClient(databaseUrl: string): PrismaClient {
  if (databaseUrl.startsWith("file:")) {
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
