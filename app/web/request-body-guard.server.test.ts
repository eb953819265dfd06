import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate } from "~/utils/i18n";
import { bodyCapFor, DEFAULT_BODY_CAP, LINGER_MAX_MS, requestBodyGuard } from "~/web/request-body-guard.server";

const MB = 1024 * 1024;

/** A naive handler behind the guard: reads whatever body it is given, to the end, in memory. */
let received: number[] = [];
const server = http.createServer((req, res) => {
  requestBodyGuard(req, res, () => {
    if (req.url === "/no-read") {
      res.writeHead(405, { "Content-Type": "text/plain" });
      res.end("no");
      return;
    }
    let n = 0;
    req.on("data", (c: Buffer) => (n += c.length));
    req.on("end", () => {
      received.push(n);
      if (!res.headersSent) res.end(`read ${n}`);
    });
  });
});
let port = 0;

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function post(path: string, total: number, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders; sent: number; closed: boolean }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers });
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => {
        // The server closes the connection after an early answer: the socket goes away.
        const closed = new Promise<boolean>((r) => {
          if (req.socket?.destroyed) return r(true);
          if (res.headers.connection !== "close") return r(false);
          req.socket?.once("close", () => r(true));
          setTimeout(() => r(false), 3000);
        });
        void closed.then((c) => resolve({ status: res.statusCode!, body, headers: res.headers, sent, closed: c }));
      });
    });
    req.on("error", (e) => (answered ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("express-level body guard", () => {
  it("caps per path: uploads get their route's room, everything else about 1 MB", () => {
    expect(bodyCapFor("/login")).toBe(DEFAULT_BODY_CAP);
    expect(bodyCapFor("/webhooks/stripe")).toBe(DEFAULT_BODY_CAP);
    expect(bodyCapFor("/api/v1/match")).toBeGreaterThan(25 * MB);
    expect(bodyCapFor("/api/v1/match")).toBeLessThan(40 * MB);
    expect(bodyCapFor("/works/new")).toBeGreaterThan(8 * 25 * MB);
    expect(bodyCapFor("/my/works/abc/edit")).toBe(bodyCapFor("/works/new"));
    expect(bodyCapFor("/cases/KM-2026-0001")).toBeGreaterThan(11 * 25 * MB);
    expect(bodyCapFor("/works/new/x")).toBe(DEFAULT_BODY_CAP);
  });

  it("a chunked body past the cap is cut off and answered 413 in the requester's language", async () => {
    received = [];
    const r = await post("/login", 40 * MB, { "Accept-Language": "zh-CN", "Content-Type": "application/x-www-form-urlencoded" });
    expect(r.status).toBe(413);
    expect(r.body).toBe(translate("zh-CN", "http.body.tooLarge", { limit: "1 MB" }));
    expect(r.headers.connection).toBe("close");
    expect(r.sent).toBeLessThan(40 * MB);
    expect(r.closed).toBe(true);
    await new Promise((res) => setTimeout(res, 50));
    // The handler never saw a byte past the cap.
    expect(Math.max(0, ...received)).toBeLessThanOrEqual(DEFAULT_BODY_CAP);
  });

  it("a declared Content-Length over the cap is refused before reading; the API gets its JSON shape", async () => {
    const r = await new Promise<{ status: number; body: string }>((resolve) => {
      const req = http.request({
        host: "127.0.0.1",
        port,
        path: "/webhooks/stripe",
        method: "POST",
        headers: { "Content-Length": String(700 * MB), "Accept-Language": "en" },
      });
      req.on("response", (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => (req.destroy(), resolve({ status: res.statusCode!, body })));
      });
      req.on("error", () => undefined);
      req.write(Buffer.alloc(1024));
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual({ error: { code: "too_large", message: translate("en", "http.body.tooLarge", { limit: "1 MB" }) } });
  });

  it("an answer sent before the body was read closes the connection instead of waiting for the rest", async () => {
    const r = await post("/no-read", 200 * MB);
    expect(r.status).toBe(405);
    expect(r.headers.connection).toBe("close");
    expect(r.closed).toBe(true);
    expect(r.sent).toBeLessThan(200 * MB);
  });

  it("a client that keeps sending after an early answer gets the answer, not a reset (lingering close)", async () => {
    // Without the lingering close the server closes with megabytes unread, the kernel resets the
    // connection, and the writer gets EPIPE/ECONNRESET, often before it has read the answer.
    for (const [path, total] of [
      ["/no-read", 24 * MB],
      ["/login", 6 * MB],
    ] as const) {
      const r = await new Promise<{ status: number | null; body: string; error: string | null; ms: number }>((resolve) => {
        const t0 = performance.now();
        let status: number | null = null;
        let body = "";
        let error: string | null = null;
        const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers: { "Accept-Language": "en" } });
        req.on("response", (res) => {
          status = res.statusCode ?? null;
          res.setEncoding("utf8");
          res.on("data", (d: string) => (body += d));
        });
        req.on("error", (e) => (error = e.message));
        req.on("close", () => resolve({ status, body, error, ms: performance.now() - t0 }));
        // Writes the whole body whatever the server answers, as a simple uploader does.
        const chunk = Buffer.alloc(256 * 1024, "a");
        let sent = 0;
        const pump = () => {
          while (sent < total) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once("drain", pump);
          }
          req.end();
        };
        pump();
      });
      expect(r.error, path).toBeNull();
      expect(r.status, path).toBe(path === "/login" ? 413 : 405);
      expect(r.body, path).toBe(path === "/login" ? translate("en", "http.body.tooLarge", { limit: "1 MB" }) : "no");
      expect(r.ms, path).toBeLessThan(LINGER_MAX_MS + 2_000);
    }
  });

  it("bodies under the cap pass untouched", async () => {
    received = [];
    const r = await post("/login", 512 * 1024);
    expect(r.status).toBe(200);
    expect(r.body).toBe(`read ${512 * 1024}`);
  });
});
