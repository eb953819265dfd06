/**
 * Attack replay for issue 10 (item 1): chunked floods without Content-Length — many large text
 * parts, endless files, endless JSON and form bodies — sent in parallel to every public and
 * signed-in body-reading route of a real server of our own (own process, port, DATA_DIR and
 * SQLite file). Each flood must be refused with a 413 in the requester's language long before it
 * ends, the server's RSS (read from /proc/<pid>/status) must stay under 600 MB, and the
 * healthcheck must keep answering 200 throughout and after. Item 10e: photos whose names carry
 * `=`, `;`, quotes or Chinese register normally on the work form.
 *
 * Floods are bounded (bytes and time per request) and go to 127.0.0.1 only.
 */
import { onPostgres, sqliteOnly } from "../setup/dialect";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { translate } from "~/utils/i18n";
import { DEMO, HttpClient } from "./helpers";
import { spawnServer, type SpawnedServer } from "../setup/spawn-server";

const KB = 1024;
const MB = 1024 * KB;
const RSS_LIMIT_MB = 600;

let server: SpawnedServer | undefined;
let dataDir = "";
let port = 0;
let base = "";

/** Our own server on this file's DATA_DIR and SQLite file; `base` and `port` follow it (each start takes a new port). */
async function startServer(logName: string): Promise<SpawnedServer> {
  const started = await spawnServer({
    dataDir,
    databaseUrl: `file:${path.join(dataDir, "e2e.db")}`,
    logFile: path.join(dataDir, logName),
    timeoutMs: 240_000,
  });
  base = started.url;
  port = Number(new URL(started.url).port);
  return started;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

// ---- flood bodies (iterators of chunks; the flood stops at the response or its byte bound) ----

const BOUNDARY = "----kilnmarkFlood9f8e7d6c5b4a";
const multipart = { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` };
const CHUNK = 256 * KB;
const filler = Buffer.alloc(CHUNK, "x");

function* textParts(partBytes: number, name = "t"): Generator<Buffer> {
  for (let i = 0; ; i++) {
    yield Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}${i}"\r\n\r\n`);
    for (let sent = 0; sent < partBytes; sent += CHUNK) yield filler;
    yield Buffer.from("\r\n");
  }
}

function* endlessFile(field: string, fields: Record<string, string> = {}): Generator<Buffer> {
  for (const [k, v] of Object.entries(fields)) yield Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  yield Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="huge.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
  yield Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
  for (;;) yield filler;
}

function* endless(prefix: string): Generator<Buffer> {
  yield Buffer.from(prefix);
  for (;;) yield filler;
}

type Flood = { name: string; status: number | null; ms: number; sent: number; body: string; contentType: string; error?: string };

/**
 * POSTs `body` chunked (no Content-Length) until the server answers, the connection drops, or
 * `maxBytes`/`timeoutMs` is reached.
 */
function flood(
  name: string,
  pathname: string,
  headers: Record<string, string>,
  body: Generator<Buffer>,
  { maxBytes = 400 * MB, timeoutMs = 60_000 }: { maxBytes?: number; timeoutMs?: number } = {},
): Promise<Flood> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let sent = 0;
    let responded = false;
    let done = false;
    const req = http.request({ host: "127.0.0.1", port, path: pathname, method: "POST", headers: { Origin: base, ...headers } });
    const finish = (r: Partial<Flood>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ name, status: null, ms: performance.now() - t0, sent, body: "", contentType: "", ...r });
    };
    const timer = setTimeout(() => finish({ error: "timeout" }), timeoutMs);
    req.on("response", (res) => {
      responded = true;
      const ms = performance.now() - t0;
      let text = "";
      res.setEncoding("utf8");
      const settle = () => finish({ status: res.statusCode ?? null, ms, body: text, contentType: String(res.headers["content-type"] ?? "") });
      res.on("data", (d: string) => (text += d));
      res.on("end", settle);
      res.on("error", settle);
      res.on("aborted", settle);
    });
    req.on("error", (e) => {
      // After the answer the server closes the socket while we still write: that is expected.
      if (!responded) finish({ error: e.message });
    });
    const pump = () => {
      while (!done && !responded) {
        if (sent >= maxBytes) return void req.end();
        const next = body.next();
        if (next.done) return void req.end();
        sent += next.value.length;
        if (!req.write(next.value)) return void req.once("drain", pump);
      }
    };
    pump();
  });
}

/** A body declared far too large: only the headers and a little data are sent. */
function declaredFlood(name: string, pathname: string, headers: Record<string, string>): Promise<Flood> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request({
      host: "127.0.0.1",
      port,
      path: pathname,
      method: "POST",
      headers: { Origin: base, ...headers, "Content-Length": String(700 * MB) },
    });
    const timer = setTimeout(() => (req.destroy(), resolve({ name, status: null, ms: 30_000, sent: MB, body: "", contentType: "", error: "timeout" })), 30_000);
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      const settle = () => (
        clearTimeout(timer),
        req.destroy(),
        resolve({
          name,
          status: res.statusCode ?? null,
          ms: performance.now() - t0,
          sent: MB,
          body: text,
          contentType: String(res.headers["content-type"] ?? ""),
        })
      );
      res.on("end", settle);
      res.on("aborted", settle);
    });
    req.on("error", () => undefined);
    req.write(Buffer.alloc(MB, "x"));
  });
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
function expectMessage(f: Flood, message: string) {
  const ok = f.body.includes(message) || f.body.includes(escapeHtml(message)) || f.body.includes(JSON.stringify(message).slice(1, -1));
  expect(ok, `${f.name}: expected “${message}” in ${f.body.slice(0, 300)}`).toBe(true);
}

/** The API's error JSON shape, with the message in the requested language. */
function expectApiError(f: Flood, message: string, code = "too_large") {
  expect(f.contentType, f.name).toMatch(/application\/json/);
  const json = JSON.parse(f.body) as { error: { code: string; message: string } };
  expect(json.error.code, f.name).toBe(code);
  expect(json.error.message, f.name).toBe(message);
}

describe.skipIf(onPostgres)(
  sqliteOnly("request bodies under attack (own server)", "starts its own SQLite server; the body limits do not depend on the database"),
  () => {
    let artisanCookie = "";
    let pid = 0;
    const rss: number[] = [];
    const health: { status: number; ms: number }[] = [];
    let sampling = false;
    let samplers: Promise<void>[] = [];

    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-bodies-"));
      // First start migrates and seeds the demo data; the measured server is a restarted one, as in production.
      await (await startServer("seed.log")).stop();
      server = await startServer("server.log");
      pid = server.proc.pid!;
      const artisan = await new HttpClient(base).login(DEMO.artisan);
      artisanCookie = [...artisan.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    }, 600_000);

    afterAll(async () => {
      sampling = false;
      await Promise.all(samplers);
      if (server) await server.stop();
      if (process.env.KEEP_E2E_DATA) console.log("hardening data kept in", dataDir);
      else if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    function startSampling() {
      sampling = true;
      samplers = [
        (async () => {
          while (sampling) {
            rss.push(rssMb(pid));
            await new Promise((r) => setTimeout(r, 50));
          }
        })(),
        (async () => {
          while (sampling) {
            const t0 = performance.now();
            let status = 0;
            try {
              const r = await fetch(`${base}/resources/healthcheck`, { signal: AbortSignal.timeout(10_000) });
              status = r.status;
              await r.arrayBuffer();
            } catch {
              status = -1;
            }
            health.push({ status, ms: performance.now() - t0 });
            await new Promise((r) => setTimeout(r, 250));
          }
        })(),
      ];
    }

    async function stopSampling() {
      sampling = false;
      await Promise.all(samplers);
    }

    it("8 parallel chunked floods of large text parts to /api/v1/match: 413 each, RSS bounded, healthcheck 200", async () => {
      const baseline = rssMb(pid);
      startSampling();
      const floods = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          flood(`match-text-${i}`, "/api/v1/match", { ...multipart, "Accept-Language": "en" }, textParts(24 * MB), { maxBytes: 300 * MB }),
        ),
      );
      await stopSampling();
      const peak = Math.max(...rss);
      console.log(
        `[bodies] match text floods: baseline ${baseline.toFixed(0)} MB, peak RSS ${peak.toFixed(0)} MB; ` +
          floods.map((f) => `${f.status} in ${(f.ms / 1000).toFixed(1)} s after ${(f.sent / MB).toFixed(1)} MB`).join(", "),
      );
      for (const f of floods) {
        expect(f.error, f.name).toBeUndefined();
        expect(f.status, f.name).toBe(413);
        expectApiError(f, translate("en", "http.body.fieldTooLarge", { field: "t0", limit: "64 KB" }), "field_too_large");
        expect(f.sent, f.name).toBeLessThan(100 * MB);
        expect(f.ms, f.name).toBeLessThan(30_000);
      }
      expect(peak).toBeLessThan(RSS_LIMIT_MB);
      expect(health.length).toBeGreaterThan(0);
      expect(health.every((h) => h.status === 200)).toBe(true);
    }, 180_000);

    it("mixed floods on every body-reading route at once: 413 in the requester's language, quickly", async () => {
      rss.length = 0;
      health.length = 0;
      startSampling();
      const zh = { "Accept-Language": "zh-CN" };
      const en = { "Accept-Language": "en" };
      const artisan = { Cookie: artisanCookie };
      const floods = await Promise.all([
        flood("match-file-1", "/api/v1/match", { ...multipart, ...en }, endlessFile("image")),
        flood("match-file-2", "/api/v1/match", { ...multipart, ...en }, endlessFile("image")),
        flood("verify-file-1", "/verify", { ...multipart, ...zh }, endlessFile("photo")),
        flood("verify-file-2", "/verify", { ...multipart, ...zh }, endlessFile("photo")),
        flood("cases-file", "/cases/new", { ...multipart, ...zh }, endlessFile("files", { intent: "report", description: "仿冒作品举报" })),
        flood("cases-text", "/cases/new", { ...multipart, ...en }, textParts(2 * MB, "description")),
        flood("works-text-1", "/works/new", { ...multipart, ...zh, ...artisan }, textParts(4 * MB, "note")),
        flood("works-text-2", "/works/new", { ...multipart, ...zh, ...artisan }, textParts(24 * MB, "titleZh")),
        flood("works-file", "/works/new", { ...multipart, ...en, ...artisan }, endlessFile("file_front", { titleZh: "青花", intent: "submit" })),
        flood(
          "webhook-1",
          "/webhooks/stripe",
          { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=00", ...en },
          endless('{"id":"evt_flood","data":"'),
        ),
        flood(
          "webhook-2",
          "/webhooks/stripe",
          { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=00", ...zh },
          endless('{"id":"evt_flood","data":"'),
        ),
        flood("login-form", "/login", { "Content-Type": "application/x-www-form-urlencoded", ...zh }, endless("email=a%40b.c&password=")),
        flood("no-body-route", "/resources/healthcheck", { "Content-Type": "application/octet-stream", ...en }, endless("")),
        declaredFlood("match-declared-700MB", "/api/v1/match", { ...multipart, ...en }),
        declaredFlood("verify-declared-700MB", "/verify", { ...multipart, ...zh }),
        declaredFlood("webhook-declared-700MB", "/webhooks/stripe", { "Content-Type": "application/json", ...en }),
      ]);
      await stopSampling();
      const peak = Math.max(...rss);
      console.log(
        `[bodies] mixed floods: peak RSS ${peak.toFixed(0)} MB; ` +
          floods.map((f) => `${f.name} ${f.status} in ${(f.ms / 1000).toFixed(1)} s after ${(f.sent / MB).toFixed(1)} MB`).join("; "),
      );
      const by = Object.fromEntries(floods.map((f) => [f.name, f]));
      for (const f of floods) {
        expect(f.error, f.name).toBeUndefined();
        expect(f.ms, f.name).toBeLessThan(30_000);
        if (f.name === "no-body-route") continue;
        expect(f.status, `${f.name}: ${f.body.slice(0, 200)}`).toBe(413);
        expect(f.sent, f.name).toBeLessThan(120 * MB);
      }
      // A route that reads no body answers at once and does not wait for (or keep) the flood.
      expect(by["no-body-route"]!.status).toBeLessThan(500);
      expect(by["no-body-route"]!.sent).toBeLessThan(64 * MB);

      const fileEn = translate("en", "imaging.error.tooLarge", { sizeMb: "> 25.0", maxMb: 25 });
      const fileZh = translate("zh-CN", "imaging.error.tooLarge", { sizeMb: "> 25.0", maxMb: 25 });
      expectApiError(by["match-file-1"]!, fileEn);
      expectApiError(by["match-declared-700MB"]!, translate("en", "http.body.tooLarge", { limit: "27 MB" }));
      expectMessage(by["verify-file-1"]!, fileZh);
      expectMessage(by["verify-declared-700MB"]!, "请求内容过大");
      expectMessage(by["cases-file"]!, fileZh);
      expectMessage(by["cases-text"]!, translate("en", "http.body.fieldTooLarge", { field: "description0", limit: "64 KB" }));
      expectMessage(by["works-text-1"]!, translate("zh-CN", "http.body.fieldTooLarge", { field: "note0", limit: "64 KB" }));
      // The signed-in artisan's own language (zh-CN) wins over the browser's.
      expectMessage(by["works-file"]!, fileZh);
      for (const [name, locale] of [
        ["webhook-1", "en"],
        ["webhook-2", "zh-CN"],
      ] as const) {
        const json = JSON.parse(by[name]!.body) as { received: boolean; error: { message: string } };
        expect(json.received).toBe(false);
        expect(json.error.message).toBe(translate(locale, "http.body.tooLarge", { limit: "1 MB" }));
        expect(by[name]!.sent).toBeLessThan(32 * MB);
      }
      expect(by["webhook-declared-700MB"]!.status).toBe(413);
      expectMessage(by["login-form"]!, translate("zh-CN", "http.body.tooLarge", { limit: "1 MB" }));
      expect(by["login-form"]!.sent).toBeLessThan(32 * MB);

      expect(peak).toBeLessThan(RSS_LIMIT_MB);
      expect(
        health.every((h) => h.status === 200),
        JSON.stringify(health.filter((h) => h.status !== 200)),
      ).toBe(true);
    }, 240_000);

    it("afterwards the server is alive, answers the healthcheck, and stored nothing from the floods", async () => {
      expect(server!.proc.exitCode).toBeNull();
      for (let i = 0; i < 5; i++) {
        const r = await fetch(`${base}/resources/healthcheck`);
        expect(r.status).toBe(200);
        await r.arrayBuffer();
      }
      const db = new Database(path.join(dataDir, "e2e.db"), { readonly: true, fileMustExist: true });
      try {
        expect((db.prepare(`SELECT COUNT(*) AS n FROM "Work" WHERE "titleZh" = '青花'`).get() as { n: number }).n).toBe(0);
      } finally {
        db.close();
      }
      expect(rssMb(pid)).toBeLessThan(RSS_LIMIT_MB);
    });

    it("work form: photos named with = ; quotes and Chinese register (no 500), names kept", async () => {
      const client = await new HttpClient(base).login(DEMO.artisan2);
      const names = ["a=b.jpg", "x;y=1.jpg", 'say "hi".png', "青花 瓷;碗=1.png"];
      const form = new FormData();
      form.set("titleZh", "文件名测试");
      form.set("category", "vase");
      form.set("owner", "self");
      form.set("visibility", "public");
      form.set("authors[0].name", "周瓷");
      form.set("intent", "submit");
      const kinds = ["front", "side", "top", "detail"];
      for (const [i, n] of names.entries()) {
        const png = await generateCeramicImage(91_000 + i, i % 2 ? "famille-rose" : "blue-and-white");
        const bytes = n.endsWith(".png") ? png : await sharp(png).jpeg({ quality: 90 }).toBuffer();
        form.set(`file_${kinds[i]}`, new Blob([new Uint8Array(bytes)], { type: n.endsWith(".png") ? "image/png" : "image/jpeg" }), n);
      }
      const res = await client.request("/works/new", { method: "POST", body: form, headers: { "Accept-Language": "zh-CN" } });
      const text = await res.text();
      expect(res.status, text.slice(0, 500)).toBe(302);
      const db = new Database(path.join(dataDir, "e2e.db"), { readonly: true, fileMustExist: true });
      try {
        const rows = db
          .prepare(`SELECT v."originalName" AS name FROM "WorkView" v JOIN "Work" w ON w.id = v."workId" WHERE w."titleZh" = '文件名测试'`)
          .all() as { name: string }[];
        expect(rows.map((r) => r.name).sort()).toEqual([...names].sort());
      } finally {
        db.close();
      }
    }, 120_000);
  },
);
