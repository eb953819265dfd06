import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { documentCsp, makeNonce } from "./security-headers.server";
import { refuseNulInUrl, securityHeaders, withSecureFlag } from "./security-middleware.server";

async function serve(publicUrl: string | undefined, fn: (base: string) => Promise<void>) {
  const app = express();
  app.use(securityHeaders(publicUrl));
  app.use(refuseNulInUrl);
  app.get("/doc", (_req, res) => {
    // What the Remix adapter does: append the Response's headers, document CSP included.
    res.append("Content-Security-Policy", documentCsp("abc"));
    res.append("Set-Cookie", "km_session=x; Path=/; HttpOnly; SameSite=Lax");
    res.append("Set-Cookie", "km_lang=en; Path=/; Secure");
    res.type("html").send("<p>ok</p>");
  });
  app.get("/data", (_req, res) => res.json({ ok: true }));
  app.get("/pdf", (_req, res) => res.type("application/pdf").send(Buffer.from("%PDF-1.4")));
  app.get("/search", (req, res) => res.send(String(req.query.q)));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.close();
  }
}

describe("security headers", () => {
  it("documents keep their own nonce CSP (one header), other responses get the strict default", async () => {
    await serve("http://localhost:3000", async (base) => {
      const doc = await fetch(`${base}/doc`);
      expect(doc.headers.get("content-security-policy")).toBe(documentCsp("abc"));
      expect(doc.headers.get("x-content-type-options")).toBe("nosniff");
      expect(doc.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(doc.headers.get("strict-transport-security")).toBeNull();
      // Plain http install: cookies stay as set (Secure would make them unusable).
      expect(doc.headers.getSetCookie()[0]).not.toMatch(/Secure/);

      const data = await fetch(`${base}/data`);
      expect(data.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
      expect(data.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(data.headers.get("x-content-type-options")).toBe("nosniff");
      const pdf = await fetch(`${base}/pdf`);
      expect(pdf.headers.get("x-content-type-options")).toBe("nosniff");
    });
  });

  it("on https: HSTS on every response and Secure on every cookie", async () => {
    await serve("https://kilnmark.example", async (base) => {
      const doc = await fetch(`${base}/doc`);
      expect(doc.headers.get("strict-transport-security")).toMatch(/^max-age=31536000/);
      const cookies = doc.headers.getSetCookie();
      expect(cookies).toHaveLength(2);
      for (const c of cookies) expect(c.match(/;\s*Secure/gi)).toHaveLength(1);
      expect((await fetch(`${base}/data`)).headers.get("strict-transport-security")).toMatch(/max-age/);
    });
  });

  it("refuses NUL in the address before any route sees it", async () => {
    await serve(undefined, async (base) => {
      expect((await fetch(`${base}/search?q=%E7%93%B7`)).status).toBe(200);
      const r = await fetch(`${base}/search?q=a%00b`);
      expect(r.status).toBe(400);
      expect(await r.text()).toContain("NUL");
      expect((await fetch(`${base}/sea%00rch`)).status).toBe(400);
    });
  });

  it("nonces: 144 random bits each, none repeated across refills of the random pool", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const nonce = makeNonce();
      expect(Buffer.from(nonce, "base64")).toHaveLength(18);
      seen.add(nonce);
    }
    expect(seen.size).toBe(1000);
    // Bytes from a CSPRNG: over 18,000 of them every byte value turns up (a stuck or zeroed pool would not).
    const bytes = new Set([...seen].flatMap((n) => [...Buffer.from(n, "base64")]));
    expect(bytes.size).toBe(256);
  });

  it("document policy: nonce scripts only, no inline styles, no plugins, no framing, forms to self and Stripe", () => {
    const nonce = makeNonce();
    expect(nonce).not.toBe(makeNonce());
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
    const csp = documentCsp(nonce);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "style-src 'self'", "img-src 'self' data: blob:"])
      expect(csp).toContain(d);
    expect(csp).toMatch(/form-action 'self' https:\/\/checkout\.stripe\.com/);
    expect(withSecureFlag("a=b; Path=/")).toBe("a=b; Path=/; Secure");
    expect(withSecureFlag("a=b; secure; Path=/")).toBe("a=b; secure; Path=/");
  });
});
