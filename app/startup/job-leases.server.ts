/**
 * One runner per background job across every app instance on a database. Before each run an
 * instance asks for the job's lease; only the holder runs it.
 *
 * - PostgreSQL (the several-instance mode): the lease is a session advisory lock
 *   (`pg_try_advisory_lock`) held on a connection of its own (`advisoryLeases`). Holding it
 *   writes nothing, so an idle registry commits nothing and the public page cache, keyed on the
 *   database's commit marker (decision 016), is not flushed by job bookkeeping — with lease rows
 *   renewed every minute, it was (decision 019). The lock lives exactly as long as the holder's
 *   session: a crashed or killed holder's connection closes and the next instance to tick takes
 *   the job at once; a holder cut off from the database loses it when the server's TCP
 *   keep-alive gives up (about a minute), and finds that out itself at its next tick, because
 *   each tick asks the database whether its session still holds the lock before running.
 * - SQLite (one file, normally one process): the lease is a row (`JobLease`) with an expiry,
 *   taken by one conditional UPDATE (`rowLeases`). The holder renews it only once half its time
 *   to live has gone, so an idle server writes it every few minutes rather than at every tick; a
 *   holder that stops is replaced when the lease expires, 1.5 periods (at least 10 minutes)
 *   after its last renewal.
 */
import crypto from "node:crypto";
import os from "node:os";
import type { PrismaClient } from "@prisma/client";
import pg from "pg";
import { POSTGRES_SESSION_OPTIONS } from "~/utils/db.server";

export type JobLeases = {
  /** True when this instance holds the job's lease now (taken or kept): it runs the job. */
  acquire: (name: string, everyMs: number) => Promise<boolean>;
  /** Gives every lease up (a clean shutdown), so the other instances take the jobs at their next tick. */
  release: () => Promise<void>;
};

/** This process, as a lease holder. */
const LEASE_HOLDER = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;

/** How long a lease row outlives its holder's last renewal: 1.5 periods, at least 10 minutes. */
export function leaseTtlMs(everyMs: number): number {
  return Math.max(Math.round(everyMs * 1.5), 10 * 60_000);
}

/**
 * Takes or renews the lease row on `name` for `ttlMs`; true when this holder has it now. Atomic:
 * the renewal is one conditional UPDATE; a lease row that does not exist yet is created by exactly
 * one instance (primary key), the others see it held.
 */
export async function acquireLease(db: PrismaClient, name: string, ttlMs: number, { holder = LEASE_HOLDER, now = new Date() } = {}): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const { count } = await db.jobLease.updateMany({
    where: { name, OR: [{ holder }, { expiresAt: { lt: now } }] },
    data: { holder, expiresAt },
  });
  if (count === 1) return true;
  try {
    await db.jobLease.create({ data: { name, holder, expiresAt } });
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return false; // another instance holds it
    throw e;
  }
}

/** Gives the lease rows up (a clean shutdown), so another instance takes the job at its next tick. */
export async function releaseLeases(db: PrismaClient, holder = LEASE_HOLDER): Promise<void> {
  await db.jobLease.updateMany({ where: { holder }, data: { expiresAt: new Date(0) } });
}

/**
 * Lease rows (SQLite). A lease this holder took is kept without a write until half its time to
 * live has gone: nobody else can take it before it expires, so there is nothing to check sooner.
 */
export function rowLeases(db: () => PrismaClient, { holder = LEASE_HOLDER, now = () => new Date() } = {}): JobLeases {
  const heldUntil = new Map<string, number>();
  let released = false;
  return {
    acquire: async (name, everyMs) => {
      if (released) return false;
      const at = now();
      const ttl = leaseTtlMs(everyMs);
      const until = heldUntil.get(name);
      if (until !== undefined && until - at.getTime() > ttl / 2) return true;
      const held = await acquireLease(db(), name, ttl, { holder, now: at });
      if (held) heldUntil.set(name, at.getTime() + ttl);
      else heldUntil.delete(name);
      return held;
    },
    release: async () => {
      released = true;
      heldUntil.clear();
      await releaseLeases(db(), holder);
    },
  };
}

/** The advisory-lock key of a job: a fixed first half for Kilnmark's jobs, the second from the name. */
export const ADVISORY_LOCK_CLASS = 0x4b4c4e4a; // "KLNJ"
export function advisoryLockKey(name: string): [number, number] {
  return [ADVISORY_LOCK_CLASS, crypto.createHash("sha256").update(name).digest().readInt32BE(0) & 0x7fffffff];
}

/** What the leases' connection calls itself in pg_stat_activity: `kilnmark-jobs:<process id>`. */
export const JOB_LEASES_APPLICATION_NAME = "kilnmark-jobs";

/**
 * Held, or taken now if free. CASE evaluates in order: a lock this session already holds is not
 * taken a second time (advisory locks count their acquisitions).
 */
const ACQUIRE_SQL = `SELECT CASE
  WHEN EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
               AND classid = $1::int8::oid AND objid = $2::int8::oid AND objsubid = 2) THEN true
  ELSE pg_try_advisory_lock($1::int4, $2::int4) END AS "held"`;

/**
 * Session advisory locks (PostgreSQL), on one connection of this process's own. If that
 * connection is lost, so are its locks: the next tick connects again and asks for them anew.
 */
export function advisoryLeases(
  databaseUrl: string,
  { applicationName = `${JOB_LEASES_APPLICATION_NAME}:${process.pid}` } = {},
): JobLeases & {
  /** The leases' backend process id in PostgreSQL, once connected (tests end it to play a lost connection). */
  backendPid: () => number | undefined;
} {
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let backend: number | undefined;
  let released = false;

  const drop = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    backend = undefined;
    c.end().catch(() => undefined);
  };
  const connection = async (): Promise<pg.Client> => {
    if (client) return client;
    connecting ??= (async () => {
      const c = new pg.Client({
        connectionString: databaseUrl,
        // The server notices a holder whose host vanished within about a minute (idle 30 s, then 3
        // probes 10 s apart) and frees its locks; over a Unix socket these settings do nothing.
        options: `${POSTGRES_SESSION_OPTIONS} -c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3`,
        application_name: applicationName.slice(0, 63),
        connectionTimeoutMillis: 10_000,
        keepAlive: true,
      });
      // Without a listener an 'error' on the client would end the process.
      c.on("error", (e) => {
        console.error(`[jobs] the job leases' PostgreSQL connection was lost (${e.message}); their locks went with it`);
        drop(c);
      });
      c.on("end", () => drop(c));
      await c.connect();
      const { rows } = await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      client = c;
      backend = rows[0]?.pid;
      return c;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  };

  return {
    acquire: async (name, _everyMs) => {
      if (released) return false;
      const c = await connection();
      try {
        const { rows } = await c.query<{ held: boolean }>(ACQUIRE_SQL, advisoryLockKey(name));
        return rows[0]?.held === true;
      } catch (e) {
        drop(c);
        throw e;
      }
    },
    release: async () => {
      released = true;
      const c = client;
      if (!c) return;
      client = null;
      // Ending the session frees its locks; unlocking first frees them even if the close lingers.
      await c.query("SELECT pg_advisory_unlock_all()").catch(() => undefined);
      await c.end().catch(() => undefined);
    },
    backendPid: () => backend,
  };
}
