/**
 * Mail queued inside a transaction is dispatched right after that transaction commits, never
 * before, and exactly once when two dispatchers compete for it. PostgreSQL: two instances (two
 * clients, two LISTEN connections); the queuing transaction's pg_notify is delivered on commit to
 * both. SQLite: two dispatchers on the one client (better-sqlite3 is synchronous, so a second
 * connection in the same process waiting for the write lock would block the thread that holds
 * it); their claims wait for the queuing transaction. No periodic sweep runs here, so only the
 * after-commit path can send.
 */
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { enqueueNotificationMail } from "~/domain/mail/enqueue-notification-mail.server";
import { MailDispatcher, startMailListener } from "~/domain/mail/dispatch-mail.server";
import { createPrismaClient, dialect } from "~/utils/db.server";
import type { PostgresListener } from "~/utils/postgres-listen.server";
import { readOutbox } from "~/utils/mailer.server";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long the queuing transaction stays open after queuing: longer than the old 150 ms timer. */
const HOLD_MS = 400;

let t: TestDb;
let second: PrismaClient;
let secondDispatcher: MailDispatcher;
let secondListener: PostgresListener | undefined;

beforeAll(async () => {
  t = await createTestDb(); // on PostgreSQL this process listens as instance one (as the server does)
  second = dialect() === "postgres" ? createPrismaClient(t.url) : t.db;
  secondDispatcher = new MailDispatcher(() => second);
  if (dialect() === "postgres") {
    secondListener = startMailListener(t.url, secondDispatcher);
    await secondListener.ready;
  }
});

afterAll(async () => {
  await secondListener?.stop();
  await secondDispatcher?.idle();
  if (second && second !== t?.db) await second.$disconnect();
  await t?.cleanup();
});

async function waitForMail(to: string, withinMs: number) {
  const start = Date.now();
  while (Date.now() - start < withinMs) {
    const got = await readOutbox({ dataDir: t.dataDir, to });
    if (got.length) return { entries: got, afterMs: Date.now() - start };
    await sleep(10);
  }
  return { entries: [], afterMs: Date.now() - start };
}

/** Queues one mail to `userId` in a transaction of `db` held open HOLD_MS; returns once committed. */
async function queueInTransaction(db: PrismaClient, userId: string, email: string, number: string) {
  let outboxBefore = -1;
  let lastInside = 0;
  await db.$transaction(
    async (tx) => {
      const queued = await enqueueNotificationMail(tx, [userId], {
        kind: "case.overdue",
        keyPrefix: "cases.notify.overdue",
        params: { number, clock: "triage" },
        link: `/cases/${number}`,
      });
      expect(queued).toBe(1);
      // SQLite: another instance's dispatch attempt meanwhile (PostgreSQL: it listens).
      if (dialect() === "sqlite") secondDispatcher.kick();
      await sleep(HOLD_MS);
      outboxBefore = (await readOutbox({ dataDir: t.dataDir, to: email })).length;
      lastInside = Date.now();
    },
    { timeout: 10_000 },
  );
  return { lastInside, outboxBefore };
}

describe(`mail after commit (${process.env.TEST_POSTGRES_URL ? "postgres" : "sqlite"})`, () => {
  it("dispatches within a second of the commit, not before, exactly once with two dispatchers", async () => {
    const user = await createTestUser(t.db, "officer");
    const { lastInside, outboxBefore } = await queueInTransaction(t.db, user.id, user.email, "C-1");
    expect(outboxBefore).toBe(0); // nothing sent while the transaction was open
    const { entries, afterMs } = await waitForMail(user.email, 3_000);
    expect(entries).toHaveLength(1);
    expect(afterMs).toBeLessThan(1_000);
    expect(new Date(entries[0].date).getTime()).toBeGreaterThanOrEqual(lastInside);
    console.log(`[mail-after-commit] ${dialect()}: in the outbox ${afterMs} ms after the commit`);
    // Both dispatchers have run by now (and once more each): still one message, one send recorded.
    await sleep(300);
    secondDispatcher.kick();
    await secondDispatcher.idle();
    expect(await readOutbox({ dataDir: t.dataDir, to: user.email })).toHaveLength(1);
    const rows = await t.db.mailOutbox.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].sentAt).not.toBeNull();
    expect(rows[0].attempts).toBe(1);
  });

  it("many mails queued at once by both instances are each sent exactly once", async () => {
    const users = [];
    for (let i = 0; i < 12; i++) users.push(await createTestUser(t.db, "officer"));
    await Promise.all(
      users.map((u, i) =>
        (i % 2 ? second : t.db).$transaction(async (tx) => {
          await enqueueNotificationMail(tx, [u.id], {
            kind: "case.overdue",
            keyPrefix: "cases.notify.overdue",
            params: { number: `C-${100 + i}`, clock: "triage" },
            link: `/cases/C-${100 + i}`,
          });
          if (dialect() === "sqlite") secondDispatcher.kick();
        }),
      ),
    );
    for (const u of users) expect((await waitForMail(u.email, 3_000)).entries.length).toBeGreaterThan(0);
    await sleep(300);
    await secondDispatcher.idle();
    for (const u of users) expect(await readOutbox({ dataDir: t.dataDir, to: u.email })).toHaveLength(1);
    const rows = await t.db.mailOutbox.findMany({ where: { userId: { in: users.map((u) => u.id) } } });
    expect(rows).toHaveLength(users.length);
    expect(rows.every((r) => r.sentAt && r.attempts === 1)).toBe(true);
  });

  it("a rolled-back transaction mails nothing", async () => {
    const user = await createTestUser(t.db, "officer");
    await expect(
      t.db.$transaction(async (tx) => {
        await enqueueNotificationMail(tx, [user.id], {
          kind: "case.overdue",
          keyPrefix: "cases.notify.overdue",
          params: { number: "C-9", clock: "triage" },
          link: "/cases/C-9",
        });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await waitForMail(user.email, 1_200)).entries).toHaveLength(0);
    expect(await t.db.mailOutbox.count({ where: { userId: user.id } })).toBe(0);
  });
});
