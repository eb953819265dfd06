import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { batchedReads } from "~/utils/database-version.server";
import { CACHE_STATUS_HEADER, isCatalogPath, publicPageCache } from "./public-page-cache.server";

/** A stand-in for the Remix handler: a document with a per-request nonce, like entry.server. */
let renders = 0;
let version = "1";
let title = "青花缠枝莲纹梅瓶";
let renderDelayMs = 0;
let setCookie = false;
let status = 200;

function makeApp(maxBytes = 1024 * 1024) {
  const app = express();
  const cache = publicPageCache({ version: async () => version, cacheable: isCatalogPath, maxBytes });
  app.use(cache);
  app.get("*", async (req, res) => {
    renders++;
    const nonce = Math.random().toString(36).slice(2);
    if (renderDelayMs) await new Promise((r) => setTimeout(r, renderDelayMs));
    res.status(status);
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.setHeader("Content-Security-Policy", `script-src 'self' 'nonce-${nonce}'`);
    if (setCookie) res.setHeader("Set-Cookie", "km_lang=en; Path=/");
    const lang = req.headers["accept-language"]?.startsWith("en") ? "en" : "zh-CN";
    // Streamed in pieces, as React writes a document.
    res.write(`<html lang="${lang}"><script nonce="${nonce}">1</script>`);
    res.write(`<h1>${title}</h1>`);
    res.end(`<script nonce="${nonce}">2</script></html>`);
  });
  return { app, cache };
}

let server: Server;
let base: string;
let cache: ReturnType<typeof publicPageCache>;

beforeAll(async () => {
  const made = makeApp();
  cache = made.cache;
  server = made.app.listen(0);
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  cache.clear();
  renders = 0;
  version = "1";
  title = "青花缠枝莲纹梅瓶";
  renderDelayMs = 0;
  setCookie = false;
  status = 200;
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(base + path, { headers });

describe("public page cache", () => {
  it("renders once, then replays the same page with a fresh nonce in the body and the CSP header", async () => {
    const first = await get("/works");
    const a = await first.text();
    expect(first.headers.get(CACHE_STATUS_HEADER)).toBe("miss");
    const second = await get("/works");
    const b = await second.text();
    expect(second.headers.get(CACHE_STATUS_HEADER)).toBe("hit");
    expect(renders).toBe(1);
    const nonceA = /nonce="([^"]+)"/.exec(a)![1]!;
    const nonceB = /nonce="([^"]+)"/.exec(b)![1]!;
    expect(nonceB).not.toBe(nonceA);
    expect(b.split(nonceB).length - 1).toBe(2);
    expect(b).not.toContain(nonceA);
    expect(second.headers.get("content-security-policy")).toBe(`script-src 'self' 'nonce-${nonceB}'`);
    expect(b.split(nonceB).join("N")).toBe(a.split(nonceA).join("N"));
    expect(Number(second.headers.get("content-length"))).toBe(Buffer.byteLength(b));
  });

  it("renders again once the database changed", async () => {
    await (await get("/works/KM-2026-000001")).text();
    title = "粉彩牡丹纹盘";
    version = "2";
    const after = await get("/works/KM-2026-000001");
    expect(after.headers.get(CACHE_STATUS_HEADER)).toBe("miss");
    expect(await after.text()).toContain("粉彩牡丹纹盘");
    expect(renders).toBe(2);
  });

  it("never caches for a signed-in visitor, an Authorization header, other paths or other methods", async () => {
    for (let i = 0; i < 2; i++) {
      const r = await get("/works", { Cookie: "km_lang=en; km_session=abc" });
      expect(r.headers.get(CACHE_STATUS_HEADER)).toBeNull();
      await r.text();
      await (await get("/works", { Authorization: "Bearer x" })).text();
      await (await get("/works/new")).text();
      await (await get("/works/KM-2026-000001/certificate.pdf")).text();
      await (await get("/offers")).text();
    }
    expect(renders).toBe(10);
  });

  it("keeps languages, queries and loader-data requests apart", async () => {
    const paths: [string, Record<string, string>][] = [
      ["/works", { "Accept-Language": "en-US,en;q=0.9" }],
      ["/works", { "Accept-Language": "zh-CN" }],
      ["/works", { Cookie: "km_lang=en" }],
      ["/works?page=2", {}],
      ["/works?_data=root", {}],
    ];
    for (const [p, h] of paths) await (await get(p, h)).text();
    // The cookie's "en" and the browser's "en" are the same language: one page.
    expect(renders).toBe(4);
    const zh = await get("/works", { "Accept-Language": "zh-CN" });
    expect(zh.headers.get(CACHE_STATUS_HEADER)).toBe("hit");
    expect(await zh.text()).toContain('lang="zh-CN"');
  });

  it("stores no response that sets a cookie or is not a 200", async () => {
    setCookie = true;
    await (await get("/works")).text();
    await (await get("/works")).text();
    setCookie = false;
    status = 404;
    await (await get("/works/KM-2026-999999")).text();
    await (await get("/works/KM-2026-999999")).text();
    expect(renders).toBe(4);
  });

  it("renders a page once for concurrent visitors", async () => {
    renderDelayMs = 100;
    const bodies = await Promise.all(Array.from({ length: 8 }, () => get("/works?page=500").then((r) => r.text())));
    expect(renders).toBe(1);
    expect(new Set(bodies.map((b) => b.replace(/nonce="[^"]+"/g, ""))).size).toBe(1);
  });
});

describe("batchedReads", () => {
  it("answers a caller only with a read that began after it arrived, and coalesces the waiting ones", async () => {
    let started = 0;
    const gates: (() => void)[] = [];
    const read = batchedReads(() => {
      const n = ++started;
      return new Promise<string>((r) => gates.push(() => r(String(n))));
    });
    const a = read(); // starts read 1
    const b = read(); // arrives during read 1: waits for read 2
    const c = read(); // joins read 2
    expect(started).toBe(1);
    gates[0]!();
    expect(await a).toBe("1");
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toBe(2);
    gates[1]!();
    expect(await b).toBe("2");
    expect(await c).toBe("2");
    const d = read(); // nothing in flight: a read of its own
    expect(started).toBe(3);
    gates[2]!();
    expect(await d).toBe("3");
  });
});

describe("public page cache limits", () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))));
  async function start(maxBytes: number) {
    const made = makeApp(maxBytes);
    const s = made.app.listen(0);
    servers.push(s);
    await new Promise((r) => s.once("listening", r));
    return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, cache: made.cache };
  }

  it("PUBLIC_PAGE_CACHE_MB=0: every request is rendered, nothing is kept, no cache header", async () => {
    const off = await start(0);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${off.url}/works`);
      expect(res.headers.get(CACHE_STATUS_HEADER)).toBeNull();
      expect(await res.text()).toContain(title);
    }
    expect(renders).toBe(3);
    expect(off.cache.size()).toBe(0);
  });

  it("evicts the least recently used pages when full, and stays within its size", async () => {
    // Each stand-in page is ~150 bytes (+512 of bookkeeping): room for three.
    const small = await start(3 * 700);
    const page = (n: number) => fetch(`${small.url}/works/JDZ-2026-00000${n}-0`).then(async (r) => [r.headers.get(CACHE_STATUS_HEADER), await r.text()]);
    for (const n of [1, 2, 3]) expect((await page(n))[0]).toBe("miss");
    expect((await page(1))[0]).toBe("hit"); // 1 is now the most recently used
    expect((await page(4))[0]).toBe("miss"); // evicts 2, the least recently used
    expect(small.cache.size()).toBe(3);
    expect((await page(2))[0]).toBe("miss");
    expect((await page(1))[0]).toBe("hit");
    expect(renders).toBe(5);
  });

  it("a visitor who leaves during the render does not leave the others waiting: they get the page", async () => {
    const at = await start(1024 * 1024);
    renderDelayMs = 300;
    const leaving = new AbortController();
    const first = fetch(`${at.url}/works?q=瓶`, { signal: leaving.signal }).catch((e: Error) => e.name);
    await new Promise((r) => setTimeout(r, 50));
    const others = Array.from({ length: 3 }, () => fetch(`${at.url}/works?q=瓶`).then(async (r) => [r.status, await r.text()] as const));
    await new Promise((r) => setTimeout(r, 50));
    leaving.abort();
    expect(await first).toBe("AbortError");
    const started = Date.now();
    for (const [status, body] of await Promise.all(others)) {
      expect(status).toBe(200);
      expect(body).toContain(title);
    }
    // Not the 10 s wait for a render that will never be stored.
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
