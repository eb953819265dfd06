/**
 * Crash test (issue 10, item 7 and 8), against its own production server on a fresh data dir:
 * - SIGKILL the server in the middle of a large work upload (photos being stored), restart with
 *   the sweep's grace at 0: no orphan or temp files, no partial rows, audit chain intact;
 * - SIGKILL a CLI catalog import (and the server beside it), restart: same checks; running the
 *   import again completes it without duplicates, and once more creates nothing;
 * - the import CLI runs while the server runs (no migrate step, busy waits), and the server's
 *   POST /api/v1/match finds a view imported and registered by other processes within seconds;
 * - the work form's idempotency key: two parallel POSTs with the same key make one work.
 */
import { spawn, spawnSync } from "node:child_process";
import { onPostgres, sqliteOnly } from "../setup/dialect";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { DEMO, HttpClient, launchBrowser } from "./helpers";
import { spawnServer, type SpawnedServer } from "../setup/spawn-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
let dataDir: string;
let base: string;
let server: SpawnedServer | undefined;
let logFile: string;
const dbFile = () => path.join(dataDir, "crash.db");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the server and the CLI children share beyond spawnServer's own environment. */
const SETTINGS = {
  STORAGE_SWEEP_MIN_AGE_SECONDS: "0",
  // As in global-setup.ts: the demo seed settles a deal offline, which needs a bank account.
  BANK_NAME: "Demo Bank, Jingdezhen Branch",
  BANK_ACCOUNT_NAME: "Demo Ceramic Copyright Exchange Center",
  BANK_ACCOUNT_NUMBER: "6222 0000 1111 2222",
};

/** The environment of the CLI children (import, audit check): the server's data, no port. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: "production", DATA_DIR: dataDir, DATABASE_URL: `file:${dbFile()}`, KILNMARK_E2E: "1", ...SETTINGS, ...extra };
}

function logText(): string {
  return fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "";
}

/** Starts the server (a new port each time: `base` follows) and waits for its start-up sweep to report. */
async function startServer(): Promise<string> {
  const before = logText().length;
  server = await spawnServer({ dataDir, databaseUrl: `file:${dbFile()}`, cwd: ROOT, host: "localhost", logFile, env: SETTINGS });
  base = server.url;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const out = logText().slice(before);
    const sweep = /\[storage-sweep\] (.*)/.exec(out);
    if (sweep) return sweep[1]!;
    if (Date.now() > deadline) throw new Error("the start-up sweep did not report in 120 s:\n" + out);
    await sleep(200);
  }
}

async function killServer(): Promise<void> {
  const proc = server?.proc;
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGKILL");
  await exited;
}

function readDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(dbFile(), { readonly: true, fileMustExist: true, timeout: 15_000 });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Every file in the store, relative to the data dir. */
function storeFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else out.push(path.relative(dataDir, f));
    }
  };
  for (const sub of ["originals", "derivatives", "features"]) walk(path.join(dataDir, sub));
  return out.sort();
}

/** Store files whose blob no row refers to, and temp files. */
function orphans(): string[] {
  const referenced = readDb(
    (db) =>
      new Set(
        (
          db.prepare(`SELECT "sha256" AS s FROM "WorkView" UNION SELECT "sha256" FROM "Evidence" UNION SELECT "sha256" FROM "Notice"`).all() as { s: string }[]
        ).map((r) => r.s),
      ),
  );
  return storeFiles().filter((f) => {
    const sha = /([0-9a-f]{64})/.exec(path.basename(f))?.[1];
    return path.basename(f).startsWith(".tmp-") || !sha || !referenced.has(sha);
  });
}

/** Rows that only make sense together: every work has its views and its audit event, every import fingerprint its work. */
function partialRows(): string[] {
  return readDb((db) => [
    ...(db.prepare(`SELECT w."id" FROM "Work" w WHERE NOT EXISTS (SELECT 1 FROM "WorkView" v WHERE v."workId" = w."id")`).all() as { id: string }[]).map(
      (r) => `work without views ${r.id}`,
    ),
    ...(
      db
        .prepare(`SELECT w."id" FROM "Work" w WHERE NOT EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a."entityId" = w."id" AND a."action" = 'work.created')`)
        .all() as { id: string }[]
    ).map((r) => `work without audit ${r.id}`),
    ...(
      db.prepare(`SELECT r."fingerprint" AS id FROM "ImportedCatalogRow" r WHERE NOT EXISTS (SELECT 1 FROM "Work" w WHERE w."id" = r."workId")`).all() as {
        id: string;
      }[]
    ).map((r) => `fingerprint without work ${r.id}`),
  ]);
}

function verifyAudit(): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/verify-audit.ts"], { cwd: ROOT, env: env(), encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

const importDir = () => path.join(dataDir, "..", path.basename(dataDir) + "-import");
const ROWS = 12;

function runImport(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/import-catalog.ts",
        "--csv",
        path.join(importDir(), "catalog.csv"),
        "--images",
        importDir(),
        "--owner",
        DEMO.artisan,
        "--lang",
        "en",
      ],
      { cwd: ROOT, env: env() },
    );
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

const importedCount = () => readDb((db) => (db.prepare(`SELECT COUNT(*) AS n FROM "Work" WHERE "titleZh" LIKE '崩溃导入%'`).get() as { n: number }).n);

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) throw new Error("Run `remix build` first.");
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-crash-"));
  logFile = path.join(dataDir, "server.log");
  fs.mkdirSync(importDir());
  const lines = ["title_zh,category,techniques,authors,images"];
  for (let i = 1; i <= ROWS; i++) {
    fs.writeFileSync(path.join(importDir(), `p${i}.png`), await generateCeramicImage(70_000 + i, i % 2 ? "famille-rose" : "blue-and-white"));
    lines.push(`崩溃导入 ${i},vase,qinghua,陈青花,p${i}.png`);
  }
  fs.writeFileSync(path.join(importDir(), "catalog.csv"), lines.join("\n") + "\n");
  await startServer();
}, 300_000);

afterAll(async () => {
  await killServer();
  if (process.env.KEEP_E2E_DATA) console.log("crash test data kept in", dataDir);
  else {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(importDir(), { recursive: true, force: true });
  }
});

describe.skipIf(onPostgres)(sqliteOnly("crash recovery", "kills a SQLite server mid-write; PostgreSQL is crash-safe by its own WAL"), () => {
  it("SIGKILL during a large upload: after restart no orphan files, no partial rows, audit intact", async () => {
    const artisan = await new HttpClient(base).login(DEMO.artisan);
    const worksBefore = readDb((db) => (db.prepare(`SELECT COUNT(*) AS n FROM "Work"`).get() as { n: number }).n);
    const filesBefore = storeFiles();

    // Eight large photos (about 30 MB of multipart body), sent slowly in chunks.
    const boundary = "----kilnmarkcrash" + Date.now();
    const parts: Buffer[] = [];
    const field = (name: string, value: string) =>
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    field("titleZh", "崩溃上传");
    field("category", "vase");
    field("owner", "self");
    field("visibility", "public");
    field("authors[0].name", "陈青花");
    field("intent", "submit");
    const kinds = ["front", "side", "top", "base_mark", "detail", "detail", "detail", "detail"];
    for (const [i, kind] of kinds.entries()) {
      const photo = await sharp(await generateCeramicImage(80_000 + i, "blue-and-white"))
        .resize(3200, 3200)
        .jpeg({ quality: 98 })
        .toBuffer();
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file_${kind}"; filename="big-${i}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
        photo,
        Buffer.from("\r\n"),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const body = Buffer.concat(parts);

    const req = http.request(`${base}/works/new`, {
      method: "POST",
      headers: {
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        "Transfer-Encoding": "chunked",
        Cookie: [...artisan.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        Origin: base,
      },
    });
    let answered = false;
    req.on("response", () => (answered = true));
    req.on("error", () => {}); // the server dies under us
    const CHUNK = 256 * 1024;
    for (let o = 0; o < body.length; o += CHUNK) {
      if (!req.write(body.subarray(o, o + CHUNK))) await new Promise((r) => req.once("drain", r));
      await sleep(5);
    }
    req.end();
    // Kill as soon as the server starts storing photos (before its transaction can commit).
    const deadline = Date.now() + 60_000;
    while (storeFiles().length === filesBefore.length && !answered && Date.now() < deadline) await sleep(2);
    expect(answered, "the server answered before any photo was stored: the upload was not large enough to crash in").toBe(false);
    await killServer();
    req.destroy();
    const leftBehind = storeFiles().filter((f) => !filesBefore.includes(f));
    expect(leftBehind.length).toBeGreaterThan(0); // the crash did leave files

    const sweep = await startServer();
    expect(sweep).toMatch(/removed \d+ temp files .* and \d+ unreferenced blobs/);
    expect(Number(/and (\d+) unreferenced blobs/.exec(sweep)![1]) + Number(/removed (\d+) temp files/.exec(sweep)![1])).toBeGreaterThanOrEqual(
      leftBehind.length,
    );
    expect(orphans()).toEqual([]);
    expect(partialRows()).toEqual([]);
    expect(readDb((db) => (db.prepare(`SELECT COUNT(*) AS n FROM "Work"`).get() as { n: number }).n)).toBe(worksBefore);
    const audit = verifyAudit();
    expect(audit.status, audit.out).toBe(0);
  });

  it("SIGKILL of a CLI import (and the server beside it): restart cleans up; re-running completes without duplicates, then creates nothing", async () => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/import-catalog.ts",
        "--csv",
        path.join(importDir(), "catalog.csv"),
        "--images",
        importDir(),
        "--owner",
        DEMO.artisan,
        "--lang",
        "en",
      ],
      { cwd: ROOT, env: env(), stdio: "ignore" },
    );
    const exited = new Promise((r) => child.once("exit", r));
    const deadline = Date.now() + 120_000;
    while (importedCount() < 3 && child.exitCode === null && Date.now() < deadline) await sleep(20);
    child.kill("SIGKILL");
    await killServer();
    await exited;
    const partial = importedCount();
    expect(partial).toBeGreaterThanOrEqual(3);
    expect(partial).toBeLessThan(ROWS);

    await startServer();
    expect(orphans()).toEqual([]);
    expect(partialRows()).toEqual([]);
    expect(verifyAudit().status).toBe(0);

    // Again, beside the running server: the rest is imported, the first rows are not duplicated.
    const again = await runImport();
    expect(again.code, again.out).toBe(0);
    expect(again.out).not.toMatch(/SocketTimeout|SQLITE_BUSY|database is locked/);
    expect(importedCount()).toBe(ROWS);
    expect(again.out).toContain(`${partial} rows had been imported before`);
    // And once more: nothing new.
    const third = await runImport();
    expect(third.code, third.out).toBe(0);
    expect(third.out).toContain("Import finished: 0 works submitted, 0 rows with problems.");
    expect(third.out).toContain(`${ROWS} rows had been imported before`);
    expect(importedCount()).toBe(ROWS);
    expect(orphans()).toEqual([]);
    expect(partialRows()).toEqual([]);
    const audit = verifyAudit();
    expect(audit.status, audit.out).toBe(0);
  });

  it("views imported and registered by other processes are found by the running server's POST /api/v1/match within seconds", async () => {
    // Warm the server's index first, so finding the new view proves the change feed, not a first load.
    const probe = new FormData();
    probe.set("image", new Blob([new Uint8Array(await generateCeramicImage(1, "blue-and-white"))], { type: "image/png" }), "probe.png");
    expect((await fetch(`${base}/api/v1/match`, { method: "POST", body: probe })).status).toBe(200);

    // The import CLI beside the running server (creates the works, or finds them imported).
    const imported = await runImport();
    expect(imported.code, imported.out).toBe(0);
    expect(importedCount()).toBe(ROWS);
    const ids = readDb((db) =>
      (
        db.prepare(`SELECT "id" FROM "Work" WHERE "titleZh" LIKE '崩溃导入%' AND "status" = 'submitted' ORDER BY "titleZh" LIMIT 2`).all() as { id: string }[]
      ).map((r) => r.id),
    );
    expect(ids.length).toBe(2);
    const reg = spawnSync(process.execPath, ["--import", "tsx", "tests/e2e/crash-recovery-register.ts", DEMO.officer, ...ids], {
      cwd: ROOT,
      env: env(),
      encoding: "utf8",
    });
    expect(reg.status, reg.stdout + reg.stderr).toBe(0);
    const registered = readDb(
      (db) =>
        db
          .prepare(`SELECT w."registrationNumber" AS n, v."originalName" AS f FROM "Work" w JOIN "WorkView" v ON v."workId" = w."id" WHERE w."id" = ?`)
          .get(ids[0]) as { n: string; f: string },
    );

    const photo = fs.readFileSync(path.join(importDir(), registered.f));
    const start = Date.now();
    let found = false;
    while (!found && Date.now() - start < 10_000) {
      const form = new FormData();
      form.set("image", new Blob([new Uint8Array(photo)], { type: "image/png" }), "suspect.png");
      const res = await fetch(`${base}/api/v1/match`, { method: "POST", body: form });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { matches: { registrationNumber: string; distance: number }[] };
      found = body.matches.some((m) => m.registrationNumber === registered.n && m.distance === 0);
      if (!found) await sleep(100);
    }
    const ms = Date.now() - start;
    console.log(`[crash-recovery] match found ${ms} ms after another process registered the work`);
    expect(found).toBe(true);
    expect(ms).toBeLessThan(5000); // the feed is polled every 0.5 s; the rest is this loaded machine answering match requests
  });

  it("the work form's idempotency key: two parallel POSTs with the same key create one work", async () => {
    const artisan = await new HttpClient(base).login(DEMO.artisan);
    const page = await (await artisan.request("/works/new")).text();
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1];
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    const photo = await generateCeramicImage(90_001, "famille-rose");
    const post = () => {
      const form = new FormData();
      form.set("titleZh", "双击提交");
      form.set("category", "vase");
      form.set("owner", "self");
      form.set("visibility", "public");
      form.set("authors[0].name", "陈青花");
      form.set("intent", "submit");
      form.set("idempotencyKey", key!);
      form.set("file_front", new Blob([new Uint8Array(photo)], { type: "image/png" }), "front.png");
      return artisan.request("/works/new", { method: "POST", body: form });
    };
    const [a, b] = await Promise.all([post(), post()]);
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(a.headers.get("location")).toBe(b.headers.get("location"));
    expect(readDb((db) => (db.prepare(`SELECT COUNT(*) AS n FROM "Work" WHERE "titleZh" = '双击提交'`).get() as { n: number }).n)).toBe(1);
    // A fresh page gives a fresh key: a deliberate second registration is possible.
    const page2 = await (await artisan.request("/works/new")).text();
    expect(/name="idempotencyKey" value="([^"]+)"/.exec(page2)?.[1]).not.toBe(key);
  });

  it("the licence request form's idempotency key: the same form posted twice at once makes one deal", async () => {
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({ baseURL: base, locale: "en" });
      const page = await context.newPage();
      await page.goto("/login");
      await page.fill('input[name="email"]', DEMO.licensee2);
      await page.fill('input[name="password"]', "kilnmark-demo");
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click('form#login button[type="submit"]')]);
      await page.goto("/offers?exclusivity=non_exclusive");
      const href = await page.getByTestId("offer-card").first().locator("a").first().getAttribute("href");
      await page.goto(href!);
      await page.locator("#request-form").waitFor();
      const marker = `double-submit ${Date.now()}`;
      await page.fill('#request-form textarea[name="message"]', marker);
      // Two submissions of the very same form (a double click that got through, a retry).
      const finalUrls = await page.evaluate(async () => {
        const form = document.querySelector<HTMLFormElement>("#request-form")!;
        const post = () =>
          fetch(location.pathname, { method: "POST", body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>), redirect: "follow" });
        const [a, b] = await Promise.all([post(), post()]);
        return [a.status, b.status, new URL(a.url).pathname, new URL(b.url).pathname];
      });
      expect(finalUrls.slice(0, 2)).toEqual([200, 200]);
      expect(finalUrls[2]).toMatch(/^\/deals\/KM-D-/);
      expect(finalUrls[3]).toBe(finalUrls[2]);
      expect(readDb((db) => (db.prepare(`SELECT COUNT(*) AS n FROM "Deal" WHERE "message" = ?`).get(marker) as { n: number }).n)).toBe(1);
    } finally {
      await browser.close();
    }
  });
});
