/**
 * Sends committed MailOutbox rows. A row is claimed inside a transaction (its next attempt moved
 * a lease ahead), then sent outside any transaction, then marked sent — or scheduled again with
 * a growing delay. In-process the SQLite adapter runs one transaction at a time, so the claim
 * waits for the transaction that wrote the rows to commit or roll back: a rolled-back event
 * mails nothing. On PostgreSQL claims lock their rows (SKIP LOCKED: instances never claim the
 * same row) and uncommitted rows are invisible, so a rolled-back event mails nothing there either. Rows of a process that died mid-send are retried when their lease runs out
 * (at worst one duplicate, never a lost mail).
 */
import type { PrismaClient } from "@prisma/client";
import { dialect, getDb, prisma } from "~/utils/db.server";
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

let running: Promise<void> | null = null;
let again = false;

/**
 * PostgreSQL runs transactions side by side, so a dispatch started inside the queuing transaction
 * would not see its rows: dispatch again shortly after, when the transaction has committed (the
 * periodic mail job sends anything still left).
 */
const POSTGRES_FOLLOW_UPS_MS = [150, 1500];
const followUps = new Set<NodeJS.Timeout>();

/**
 * Run dispatchMail soon, off the caller's path (called inside the transaction that queued the
 * rows; on SQLite the claim waits for it to end). Runs one at a time; a request during a run runs
 * once more.
 */
export function scheduleMailDispatch(): void {
  if (dialect() === "postgres") {
    for (const ms of POSTGRES_FOLLOW_UPS_MS) {
      const timer: NodeJS.Timeout = setTimeout(() => {
        followUps.delete(timer);
        runDispatch();
      }, ms);
      timer.unref();
      followUps.add(timer);
    }
    return;
  }
  runDispatch();
}

function runDispatch(): void {
  if (running) {
    again = true;
    return;
  }
  // The client of the transaction that queued the rows (tests swap clients between databases).
  const db = getDb();
  running = (async () => {
    do {
      again = false;
      await new Promise((r) => setImmediate(r));
      await dispatchMail({ db }).catch((e) => console.error("[mail] dispatch failed", e));
    } while (again);
  })().finally(() => {
    running = null;
  });
}

/** Tests: wait until the scheduled dispatches are done (on PostgreSQL: send what is committed now). */
export async function mailDispatchIdle(): Promise<void> {
  while (running) await running;
  if (followUps.size > 0) {
    // The caller's transactions have ended: one dispatch now does what the follow-ups would.
    for (const timer of followUps) clearTimeout(timer);
    followUps.clear();
    runDispatch();
    while (running) await running;
  }
}
