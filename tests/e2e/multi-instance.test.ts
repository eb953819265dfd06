/**
 * Several instances, one registry (PostgreSQL mode): two real app processes on two ports share
 * one PostgreSQL database and one DATA_DIR. Checked: sessions valid on both, a view registered
 * through one found by the other's match API within 2 s (change feed), rate limits counted
 * across both, mail queued by one sent right after the commit by exactly one instance (LISTEN/NOTIFY),
 * each background job held by one instance and handed over at once when it crashes, and 50
 * parallel registrations split across both get unique, gap-free numbers.
 *
 * Runs in the PostgreSQL pass of the suite (TEST_POSTGRES_URL set); on SQLite it is skipped
 * (one SQLite file serves one instance).
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { readOutbox } from "~/utils/mailer.server";
import { DEMO, HttpClient } from "./helpers";
import { spawnServer } from "../setup/spawn-server";
import { createPostgresTestDatabase, testPostgresUrl } from "../setup/postgres-test-db";

type Instance = { base: string; proc: ChildProcess; log: string; stop: () => Promise<void> };

let dataDir = "";
let databaseUrl = "";
let dropDatabase = async () => {};
let a: Instance;
let b: Instance;

async function startInstance(name: string): Promise<Instance> {
  // Both share one DATA_DIR, so each writes its own log. A stop is a clean one (leases given up), however long it takes.
  const log = path.join(dataDir, `${name}.log`);
  const server = await spawnServer({ dataDir, databaseUrl, logFile: log, host: "localhost", stopGraceMs: 10 * 60_000 });
  return { base: server.url, proc: server.proc, log, stop: server.stop };
}

async function stop(i: Instance | undefined) {
  await i?.stop();
}

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

async function photo(i: number): Promise<Buffer> {
  return generateCeramicImage(77_000 + i * 13, i % 2 ? "famille-rose" : "blue-and-white");
}

/** Creates and submits a public work through `artisan`'s instance; returns its id. */
async function submitWork(artisan: HttpClient, i: number, front: Buffer): Promise<string> {
  const form = new FormData();
  form.set("titleZh", `多实例登记 ${i}`);
  form.set("category", "vase");
  form.set("owner", "self");
  form.set("visibility", "public");
  form.set("authors[0].name", "陈青花");
  form.set("intent", "submit");
  form.set("file_front", new Blob([new Uint8Array(front)], { type: "image/png" }), `front-${i}.png`);
  const created = await artisan.request("/works/new", { method: "POST", body: form });
  const workId = /\/my\/works\/([^/?]+)/.exec(created.headers.get("location") ?? "")?.[1];
  if (created.status !== 302 || !workId) throw new Error(`work ${i}: ${created.status} ${(await created.text()).slice(0, 300)}`);
  return workId;
}

async function register(officer: HttpClient, workId: string): Promise<void> {
  const r = await officer.request(`/officer/examination/${workId}`, { method: "POST", form: { intent: "register" } });
  if (r.status !== 302) throw new Error(`register ${workId}: ${r.status} ${(await r.text()).slice(0, 300)}`);
}

async function matchOn(base: string, image: Buffer): Promise<{ registrationNumber?: string; verdict: string }[]> {
  const form = new FormData();
  form.set("image", new Blob([new Uint8Array(image)], { type: "image/png" }), "query.png");
  const r = await fetch(`${base}/api/v1/match`, { method: "POST", body: form });
  if (r.status !== 200) throw new Error(`match on ${base}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { matches: { registrationNumber?: string; verdict: string }[] }).matches;
}

describe.skipIf(!testPostgresUrl())("two instances on one PostgreSQL database", () => {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-multi-"));
    const created = await createPostgresTestDatabase(testPostgresUrl()!, "kilnmark_multi");
    databaseUrl = created.url;
    dropDatabase = created.drop;
    // The first seeds the demo data; the second starts on a database that is ready.
    a = await startInstance("a");
    b = await startInstance("b");
  }, 300_000);

  afterAll(async () => {
    await stop(a);
    await stop(b);
    await dropDatabase();
    if (!process.env.KEEP_E2E_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("the anonymous catalog reads on the server's own read pool, not through Prisma (decision 018)", async () => {
    // The server and the Remix build each load a copy of ~/utils/db.server: the pool must be found from the build's.
    const [{ registrationNumber }] = await query<{ registrationNumber: string }>(
      `SELECT "registrationNumber" FROM "Work" WHERE "status" = 'registered' AND "visibility" = 'public' ORDER BY "registeredAt" LIMIT 1`,
    );
    expect((await fetch(`${a.base}/works/${registrationNumber}`)).status).toBe(200);
    expect((await fetch(`${a.base}/works?q=${encodeURIComponent("青花")}`)).status).toBe(200);
    const names = await query<{ application_name: string }>(
      `SELECT DISTINCT "application_name" FROM pg_stat_activity WHERE "datname" = current_database() AND "application_name" LIKE 'kilnmark-catalog-%'`,
    );
    expect(names.map((n) => n.application_name).sort()).toEqual(["kilnmark-catalog-marker", "kilnmark-catalog-reads"]);
  });

  it("a session opened on one instance is valid on the other", async () => {
    const onA = await new HttpClient(a.base).login(DEMO.artisan);
    const onB = new HttpClient(b.base);
    onB.cookies = new Map(onA.cookies);
    const page = await onB.request("/my/works");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(DEMO.artisan);
  });

  it("a view registered through one instance is found by the other's match API within 2 s", async () => {
    const artisan = await new HttpClient(a.base).login(DEMO.artisan);
    const officer = await new HttpClient(a.base).login(DEMO.officer);
    const front = await photo(0);
    // A serving instance is warm: its index and the motif matcher's workers are loaded on first use.
    await matchOn(b.base, front);
    const workId = await submitWork(artisan, 0, front);
    await register(officer, workId);
    const registeredAt = Date.now();
    const [{ registrationNumber }] = await query<{ registrationNumber: string }>(`SELECT "registrationNumber" FROM "Work" WHERE "id" = $1`, [workId]);
    expect(registrationNumber).toMatch(/^JDZ-\d{4}-\d{6}-[0-9A-Z]$/);
    let foundAfter = -1;
    while (Date.now() - registeredAt < 5000) {
      const matches = await matchOn(b.base, front);
      if (matches.some((m) => m.registrationNumber === registrationNumber && m.verdict === "same")) {
        foundAfter = Date.now() - registeredAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(foundAfter, "found on the other instance (ms after registration)").toBeGreaterThanOrEqual(0);
    expect(foundAfter).toBeLessThanOrEqual(2000);
  });

  it("mail queued by one instance's transaction is sent right after the commit, once, by one instance", async () => {
    // Registration mails the owner: the officer registers on b; both instances LISTEN and both
    // dispatch on the commit's notification; the row claim (SKIP LOCKED) lets one of them send it.
    const artisan = await new HttpClient(a.base).login(DEMO.artisan);
    const officer = await new HttpClient(b.base).login(DEMO.officer2);
    const workId = await submitWork(artisan, 90, await photo(90));
    const already = new Set((await readOutbox({ dataDir, to: DEMO.artisan })).map((e) => e.id));
    await register(officer, workId);
    const committed = Date.now(); // the 302 comes after the commit
    const [{ registrationNumber }] = await query<{ registrationNumber: string }>(`SELECT "registrationNumber" FROM "Work" WHERE "id" = $1`, [workId]);
    const fresh = async () =>
      (await readOutbox({ dataDir, to: DEMO.artisan })).filter(
        (e) => !already.has(e.id) && e.kind === "work.registered" && e.text.includes(registrationNumber),
      );
    let sent = await fresh();
    while (sent.length === 0 && Date.now() - committed < 5_000) {
      await new Promise((r) => setTimeout(r, 20));
      sent = await fresh();
    }
    const after = Date.now() - committed;
    expect(sent, "the registration mail").toHaveLength(1);
    expect(after, "ms from the commit to the mail").toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await fresh()).toHaveLength(1);
    const logs = fs.readFileSync(a.log, "utf8") + fs.readFileSync(b.log, "utf8");
    expect(logs.split(sent[0]!.id).length - 1, "send log lines for this message across both instances").toBe(1);
    const rows = await query<{ n: number }>(
      `SELECT count(*)::int AS "n" FROM "MailOutbox" WHERE "to" = $1 AND "kind" = 'work.registered' AND "sentAt" IS NULL`,
      [DEMO.artisan],
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("counts failed logins for one account across both instances", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const base = i % 2 ? b.base : a.base;
      const r = await new HttpClient(base).request("/login", { method: "POST", form: { email: DEMO.licensee2, password: `wrong-${i}` } });
      statuses.push(r.status);
    }
    // Five failures are allowed per account, wherever they land; the sixth is refused.
    expect(statuses.slice(0, 5).every((s) => s === 401 || s === 400)).toBe(true);
    expect(statuses[5]).toBe(429);
  });

  it("50 parallel registrations split across both instances get unique, gap-free numbers", async () => {
    const artisan = await new HttpClient(a.base).login(DEMO.artisan2);
    const ids: string[] = [];
    for (let i = 1; i <= 50; i++) ids.push(await submitWork(artisan, i, await photo(i)));
    const officerA = await new HttpClient(a.base).login(DEMO.officer);
    const officerB = await new HttpClient(b.base).login(DEMO.officer2);
    const before = await query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "Work" WHERE "registrationNumber" IS NOT NULL`);
    await Promise.all(ids.map((id, i) => register(i % 2 ? officerB : officerA, id)));
    const rows = await query<{ registrationNumber: string }>(`SELECT "registrationNumber" FROM "Work" WHERE "id" = ANY($1::text[])`, [ids]);
    const numbers = rows.map((r) => r.registrationNumber);
    expect(new Set(numbers).size).toBe(50);
    const all = (await query<{ registrationNumber: string }>(`SELECT "registrationNumber" FROM "Work" WHERE "registrationNumber" IS NOT NULL`)).map(
      (r) => r.registrationNumber,
    );
    expect(all).toHaveLength(before[0]!.n + 50);
    // Per year, the sequence part runs 1..n without a gap.
    const byYear = new Map<string, number[]>();
    for (const n of all) {
      const [, year, seq] = /^JDZ-(\d{4})-(\d{6})-/.exec(n)!;
      byYear.set(year!, [...(byYear.get(year!) ?? []), Number(seq)]);
    }
    for (const seqs of byYear.values()) expect(seqs.sort((x, y) => x - y)).toEqual(seqs.map((_, i) => i + 1));
    // Each registration has its certificate.
    const certs = await query<{ n: number }>(
      `SELECT count(*)::int AS "n" FROM "Certificate" c JOIN "Work" w ON w."id" = c."workId" WHERE w."id" = ANY($1::text[]) AND c."kind" = 'registration'`,
      [ids],
    );
    expect(certs[0]!.n).toBe(50);
  }, 300_000);

  it("each background job is held by one instance, and passes to the other at once when its holder crashes", async () => {
    // PostgreSQL leases are session advisory locks on each instance's "kilnmark-jobs:<pid>" connection.
    const holders = async () =>
      query<{ app: string; n: number }>(
        `SELECT a.application_name AS "app", count(*)::int AS "n" FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          GROUP BY a.application_name`,
      );
    // The jobs that run at start (dispatch-mail, expire-deals, flag-overdue-cases, …) were taken
    // by the instance that started first; the other holds none of them.
    const before = await holders();
    expect(before.find((h) => h.app === `kilnmark-jobs:${a.proc.pid}`)?.n ?? 0).toBeGreaterThanOrEqual(3);
    expect(before.find((h) => h.app === `kilnmark-jobs:${b.proc.pid}`)).toBeUndefined();
    // The holder crashes (no clean stop, nothing given up): its session ends with it, and the other
    // instance takes dispatch-mail at its next tick (every minute).
    const exited = new Promise((r) => a.proc.once("exit", r));
    a.proc.kill("SIGKILL");
    await exited;
    const deadline = Date.now() + 75_000;
    let after: { app: string; n: number }[] = [];
    while (Date.now() < deadline) {
      after = await holders();
      if (after.some((h) => h.app === `kilnmark-jobs:${b.proc.pid}`)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(after.map((h) => h.app)).toEqual([`kilnmark-jobs:${b.proc.pid}`]);
    // Holding the leases wrote nothing: no lease rows on PostgreSQL.
    expect(await query(`SELECT * FROM "JobLease"`)).toEqual([]);
  }, 120_000);
});
