import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
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

type Dialect = "sqlite" | "postgres";

export function dialectOf(databaseUrl: string): Dialect {
  return databaseUrl.startsWith("file:") ? "sqlite" : "postgres";
}

/** The dialect of the configured database (SQL that differs between the two branches on it). */
export function dialect(): Dialect {
  return dialectOf(getEnv().DATABASE_URL);
}

const require = createRequire(import.meta.url);

export const POSTGRES_SESSION_OPTIONS = "-c TimeZone=UTC";

/** Connections per process to PostgreSQL (Prisma's pool through node-postgres). */
const POSTGRES_POOL_SIZE = 10;

/**
 * SQLite (`file:`): better-sqlite3 through Prisma's adapter. PostgreSQL (`postgresql://`): the
 * client generated from prisma/postgres/schema.prisma (same models, so the same TypeScript
 * types) through node-postgres. Both are loaded here only, so SQLite mode never loads `pg`.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  if (dialectOf(databaseUrl) === "sqlite") {
    beginImmediateTransactions();
    const file = sqlitePathFromUrl(databaseUrl);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: BUSY_TIMEOUT_MS });
    return new PrismaClient({ adapter });
  }
  const { PrismaClient: PostgresClient } = require(".prisma/client-postgres") as { PrismaClient: typeof PrismaClient };
  const { PrismaPg } = require("@prisma/adapter-pg") as typeof import("@prisma/adapter-pg");
  // Columns are `timestamp without time zone` holding UTC: sessions run in UTC so that
  // database-side defaults (CURRENT_TIMESTAMP in triggers) are UTC too.
  const adapter = new PrismaPg(
    { connectionString: databaseUrl, max: POSTGRES_POOL_SIZE, connectionTimeoutMillis: 10_000, options: POSTGRES_SESSION_OPTIONS },
    {
      // A connection dropped while idle (database restart, failover): logged; the pool opens a new one.
      onPoolError: (e) => console.error(`[db] a PostgreSQL connection was lost: ${e.message}`),
    },
  );
  const client = new PostgresClient({ adapter });
  // The catalog's read pool goes with the client: closed before it, so a test that drops its
  // database afterwards finds no connection of ours left.
  const disconnect = client.$disconnect.bind(client);
  client.$disconnect = async () => {
    await endReadPool(client);
    return disconnect();
  };
  (client as ReadPoolHolder)[READ_POOL_URL] = databaseUrl;
  return client;
}

/** Connections per process for the catalog's reads (readPool below). */
const READ_POOL_SIZE = 4;
/**
 * The change marker (database-version.server.ts) is read before every anonymous catalog answer,
 * the cached ones included. On a connection of its own, a replay never queues behind the page
 * reads of uncached pages on the 4 read connections. Reads of it are batched, so one is enough.
 */
type ReadPurpose = "reads" | "marker";
const READ_POOL_SIZES: Record<ReadPurpose, number> = { reads: READ_POOL_SIZE, marker: 1 };
/**
 * Kept on the client object under registered symbols, not in this module's own maps: the server
 * (server.ts, run by tsx) and the Remix build each load a copy of this module, and the client is
 * made by the server's copy (shared through `globalThis`). With module-level maps, the build's
 * copy — where the catalog reads — never found the pool and every catalog read went through
 * Prisma (found on 1 Dec; tests/e2e/multi-instance.test.ts now checks a running server).
 */
const READ_POOL_URL = Symbol.for("kilnmark.readPoolUrl");
const READ_POOLS = Symbol.for("kilnmark.readPools");
type ReadPoolHolder = { [READ_POOL_URL]?: string; [READ_POOLS]?: Partial<Record<ReadPurpose, import("pg").Pool>> };

/** What the read pools' connections call themselves in pg_stat_activity. */
export const READ_POOL_APPLICATION_NAME = "kilnmark-catalog";

/**
 * PostgreSQL only: a small node-postgres pool beside Prisma's, on the same database as `db`, for
 * the anonymous catalog's hot reads (app/domain/registry/catalog-index-postgres.server.ts) and the
 * change marker. Those are fixed SQL statements whose rows are decoded by hand already; through
 * Prisma each costs its query engine's round of work on top (measured: decision 018). Read-only
 * use; every write goes through Prisma. `undefined` on SQLite, or for a client made elsewhere.
 */
export function readPool(db: PrismaClient = getDb(), purpose: ReadPurpose = "reads"): import("pg").Pool | undefined {
  const holder = db as ReadPoolHolder;
  const pools = holder[READ_POOLS] ?? {};
  let pool = pools[purpose];
  if (pool) return pool;
  const url = holder[READ_POOL_URL];
  if (!url) return undefined;
  const pg = require("pg") as typeof import("pg");
  pool = new pg.Pool({
    connectionString: url,
    max: READ_POOL_SIZES[purpose],
    connectionTimeoutMillis: 10_000,
    options: POSTGRES_SESSION_OPTIONS,
    application_name: `${READ_POOL_APPLICATION_NAME}-${purpose}`,
    // timestamp without time zone holds UTC here (see above): read it as UTC, whatever TZ is.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === pg.types.builtins.TIMESTAMP && format !== "binary"
          ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on("error", (e) => console.error(`[db] a PostgreSQL read connection was lost: ${e.message}`));
  holder[READ_POOLS] = { ...pools, [purpose]: pool };
  return pool;
}

const statementNames = new Map<string, string>();

/**
 * A statement for the read pool. `prepared`: a fixed SQL text run again and again (the work page's
 * read, the facet rows, a page's rows, the change marker) is prepared once per connection under a
 * name derived from its text, so PostgreSQL parses and plans it once instead of on every page
 * (planning the work page's read costs more than running it: 0.6 ms against 0.4 ms). Only for
 * texts drawn from a fixed set: each one stays prepared on each connection for its lifetime.
 * (Behind a transaction-pooling PgBouncer older than 1.21, use session pooling for these.)
 */
export function readStatement(sql: string, params: unknown[], prepared = false): import("pg").QueryConfig {
  if (!prepared) return { text: sql, values: params };
  let name = statementNames.get(sql);
  if (!name) statementNames.set(sql, (name = `kilnmark_${createHash("sha256").update(sql).digest("hex").slice(0, 32)}`));
  return { name, text: sql, values: params };
}

/** One read-only statement's rows: on the read pool (or the marker's) when there is one, else through Prisma. */
export async function readRows<T>(sql: string, params: unknown[] = [], { prepared = false, purpose = "reads" as ReadPurpose } = {}): Promise<T[]> {
  const pool = readPool(getDb(), purpose);
  return pool ? (await pool.query(readStatement(sql, params, prepared))).rows : getDb().$queryRawUnsafe<T[]>(sql, ...params);
}

async function endReadPool(db: PrismaClient): Promise<void> {
  const holder = db as ReadPoolHolder;
  const pools = holder[READ_POOLS] ?? {};
  delete holder[READ_POOLS]; // made again if the client is used after this
  await Promise.all(Object.values(pools).map((pool) => pool.end().catch(() => undefined)));
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

/**
 * A case-insensitive substring filter for Prisma `where` (SQLite's LIKE already folds ASCII case;
 * PostgreSQL's needs `mode: "insensitive"`, which the shared SQLite-typed client does not declare).
 */
export function containsText(text: string): { contains: string } {
  return dialect() === "postgres" ? ({ contains: text, mode: "insensitive" } as { contains: string }) : { contains: text };
}
