/**
 * Sends committed MailOutbox rows. A row is claimed inside a transaction (its next attempt moved
 * a lease ahead), then sent outside any transaction, then marked sent — or scheduled again with
 * a growing delay. In-process the SQLite adapter runs one transaction at a time, so the claim
 * waits for the transaction that wrote the rows to commit or roll back: a rolled-back event
 * mails nothing. On PostgreSQL claims lock their rows (SKIP LOCKED: instances never claim the
 * same row) and uncommitted rows are invisible, so a rolled-back event mails nothing there either.
 * Rows of a process that died mid-send are retried when their lease runs out (at worst one
 * duplicate, never a lost mail). What starts a dispatch right after the commit: see
 * scheduleMailDispatch below.
 */
import type { PrismaClient } from "@prisma/client";
import { dialect, getDb, prisma, type Tx } from "~/utils/db.server";
import { listenPostgres, type PostgresListener } from "~/utils/postgres-listen.server";
import { sendMail } from "~/utils/mailer.server";

const MAX_MAIL_ATTEMPTS = 8;
const LEASE_MS = 5 * 60_000;
const BATCH = 50;

/** Delay before attempt n+1 after n failed ones: 1, 2, 4 … minutes, at most 6 h. */
function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

type DispatchResult = { sent: number; failed: number };

export async function dispatchMail(options: { db?: PrismaClient; now?: () => Date } = {}): Promise<DispatchResult> {
  const db = options.db ?? prisma;
  const now = options.now ?? (() => new Date());
  const result: DispatchResult = { sent: 0, failed: 0 };
  for (;;) {
    const claimed = await db.$transaction(
      async (tx) => {
        const at = now();
        const where = { sentAt: null, nextAttemptAt: { lte: at }, attempts: { lt: MAX_MAIL_ATTEMPTS } };
        let due;
        if (dialect() === "postgres") {
          // Several instances dispatch at once: each locks the rows it claims, skipping others'.
          const ids = await tx.$queryRawUnsafe<{ id: string }[]>(
            `SELECT "id" FROM "MailOutbox" WHERE "sentAt" IS NULL AND "nextAttemptAt" <= $1 AND "attempts" < $2 ORDER BY "createdAt" LIMIT $3 FOR UPDATE SKIP LOCKED`,
            at,
            MAX_MAIL_ATTEMPTS,
            BATCH,
          );
          due = await tx.mailOutbox.findMany({ where: { ...where, id: { in: ids.map((r) => r.id) } }, orderBy: { createdAt: "asc" } });
        } else {
          due = await tx.mailOutbox.findMany({ where, orderBy: { createdAt: "asc" }, take: BATCH });
        }
        if (due.length) {
          await tx.mailOutbox.updateMany({ where: { id: { in: due.map((r) => r.id) } }, data: { nextAttemptAt: new Date(at.getTime() + LEASE_MS) } });
        }
        return due;
      },
      { maxWait: 30_000 },
    );
    for (const row of claimed) {
      try {
        await sendMail({ to: row.to, subject: row.subject, text: row.text, kind: row.kind });
        await db.mailOutbox.update({ where: { id: row.id }, data: { sentAt: now(), attempts: { increment: 1 }, lastError: null } });
        result.sent++;
      } catch (e) {
        const attempts = row.attempts + 1;
        const message = e instanceof Error ? e.message : String(e);
        await db.mailOutbox.update({
          where: { id: row.id },
          data: { attempts, lastError: message.slice(0, 500), nextAttemptAt: new Date(now().getTime() + retryDelayMs(attempts)) },
        });
        console.error(`[mail] ${row.kind} to user ${row.userId ?? "-"} failed (attempt ${attempts}/${MAX_MAIL_ATTEMPTS}): ${message}`);
        result.failed++;
      }
    }
    if (claimed.length < BATCH) return result;
  }
}

/** The PostgreSQL channel a queuing transaction notifies (delivered on commit only). */
export const MAIL_CHANNEL = "kilnmark_mail";

/**
 * Runs dispatchMail off the caller's path, one run at a time; a kick during a run runs it once
 * more. Each process has one (`localMailDispatcher`); tests make more to play several instances.
 */
export class MailDispatcher {
  #running: Promise<void> | null = null;
  #again = false;
  /** `db` is read at each run (tests swap the process's client between databases). */
  constructor(private readonly db: () => PrismaClient = getDb) {}

  kick(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await new Promise((r) => setImmediate(r));
        await dispatchMail({ db: this.db() }).catch((e) => console.error("[mail] dispatch failed", e));
      } while (this.#again);
    })().finally(() => {
      this.#running = null;
    });
  }

  /** Resolves when no run is going on. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }
}

export const localMailDispatcher = new MailDispatcher();

/**
 * Called by the transaction that queued MailOutbox rows, to have them sent right after it commits
 * (never before: a rolled-back event mails nothing).
 *
 * PostgreSQL: `pg_notify` inside that transaction. PostgreSQL delivers it on commit (and drops it
 * on rollback) to every instance's LISTEN connection (startMailListener), each of which dispatches
 * at once; FOR UPDATE SKIP LOCKED in the claim makes exactly one of them send each row. An
 * instance that is not listening (a script) leaves the sending to the others.
 *
 * SQLite: dispatch in this process now. Its claim is a transaction, and the SQLite adapter runs
 * one transaction at a time per client (and BEGIN IMMEDIATE waits for another connection's write
 * lock), so the claim starts only after the queuing transaction has committed or rolled back.
 *
 * The periodic dispatch-mail job sends whatever this missed (an instance that stopped, a relay
 * that was down).
 */
export async function scheduleMailDispatch(tx: Tx): Promise<void> {
  if (dialect() === "postgres") {
    await tx.$executeRawUnsafe(`SELECT pg_notify('${MAIL_CHANNEL}', '')`);
    return;
  }
  localMailDispatcher.kick();
}

/**
 * PostgreSQL: LISTEN for queued mail and dispatch on each notification (and once after each
 * (re)connect, for what was committed while not listening). Every instance runs one.
 */
export function startMailListener(databaseUrl: string, dispatcher: MailDispatcher = localMailDispatcher): PostgresListener {
  return listenPostgres({
    databaseUrl,
    channel: MAIL_CHANNEL,
    label: "mail",
    onNotify: () => dispatcher.kick(),
    onListening: () => dispatcher.kick(),
  });
}

/**
 * Tests: wait until this process's dispatches are done. On PostgreSQL also dispatch once now: the
 * caller's transactions have committed, but their notifications may still be on the way.
 */
export async function mailDispatchIdle(): Promise<void> {
  await localMailDispatcher.idle();
  if (dialect() === "postgres") {
    localMailDispatcher.kick();
    await localMailDispatcher.idle();
  }
}
