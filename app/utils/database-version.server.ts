/**
 * A marker that changes whenever anything commits to the database, from any process: the key a
 * response cache checks before it reuses a page (app/web/public-page-cache.server.ts).
 *
 * - SQLite: `PRAGMA data_version` on a read-only connection of our own. The value changes when
 *   another connection commits (the app's Prisma connection, an import CLI, a restore), and our
 *   connection never writes, so every commit shows.
 * - PostgreSQL: `pg_current_snapshot()` as text (xmin:xmax:in-progress ids). A snapshot decides
 *   the visibility of every row, so two equal snapshots see the same data; any write transaction
 *   that commits changes it (its id leaves the in-progress list, or moves xmax past it), while
 *   reads, vacuum, checkpoints and hint bits leave it alone. (The WAL position, used before, also
 *   moves with those: after a bulk load, autovacuum moved it on every request, and nothing was
 *   replayed.) An ANALYZE takes a transaction id: a spurious change that costs a render, never a
 *   stale page. Reads are batched: a caller arriving while a read is in flight waits for the *next*
 *   read, which starts after it arrived, so no caller is answered with a marker older than its
 *   own arrival, and 50 concurrent requests cost one round trip or two, not 50.
 *
 * Read the marker *before* reading the data a response is made from: a page rendered from data
 * committed after the marker was read is merely filed under an older marker, and missed later.
 */
import Database from "better-sqlite3";
import { dialectOf, readRows } from "./db.server";
import { sqlitePathFromUrl } from "./env.server";

export type DatabaseVersion = () => Promise<string>;

/** Coalesces concurrent reads without ever answering a caller with a read begun before it came. */
export function batchedReads(read: () => Promise<string>): DatabaseVersion {
  let inFlight: Promise<string> | null = null;
  let queued: Promise<string> | null = null;
  const start = () => {
    const p = read().finally(() => {
      if (inFlight === p) inFlight = null;
    });
    inFlight = p;
    return p;
  };
  return () => {
    if (!inFlight) return start();
    if (!queued) {
      queued = inFlight
        .then(
          () => undefined,
          () => undefined,
        )
        .then(() => {
          queued = null;
          return start();
        });
    }
    return queued;
  };
}

export function sqliteVersion(databaseUrl: string): DatabaseVersion {
  let connection: Database.Database | undefined;
  return async () => {
    connection ??= new Database(sqlitePathFromUrl(databaseUrl), { readonly: true, fileMustExist: true });
    return String(connection.pragma("data_version", { simple: true }));
  };
}

/** The PostgreSQL marker (see above); the catalog index keys its cached totals on it too. */
export const POSTGRES_VERSION_SQL = `SELECT pg_current_snapshot()::text AS "snapshot"`;

export function postgresVersion(): DatabaseVersion {
  return batchedReads(async () => {
    const [row] = await readRows<{ snapshot: string }>(POSTGRES_VERSION_SQL, [], { prepared: true, purpose: "marker" });
    if (!row) throw new Error("pg_current_snapshot() returned no row");
    return row.snapshot;
  });
}

export function databaseVersion(databaseUrl: string): DatabaseVersion {
  return dialectOf(databaseUrl) === "sqlite" ? sqliteVersion(databaseUrl) : postgresVersion();
}
