/**
 * Every public page, and a few signed-in ones, in both languages: no NUL byte (React 18's streaming
 * renderer pads some 2,048-byte flushes with them, see app/utils/document-html.server.ts) and valid UTF-8.
 * Also the headers every document carries, and refusal of NUL in addresses.
 */
import { describe, expect, it } from "vitest";
import { DEMO, HttpClient } from "./helpers";

const utf8 = new TextDecoder("utf-8", { fatal: true });

async function localeCookie(locale: "zh-CN" | "en"): Promise<string> {
  const c = new HttpClient();
  const r = await c.request("/resources/locale", { method: "POST", form: { locale, redirectTo: "/" } });
  expect(r.status).toBe(302);
  const v = c.cookies.get("km_lang");
  expect(v).toBeTruthy();
  return v!;
}

function firstHref(html: string, re: RegExp): string | null {
  const m = html.match(re);
  return m ? m[1] : null;
}

async function checkPage(client: HttpClient, path: string, status: number[] = [200]) {
  const r = await client.request(path);
  expect(status, `${path} → ${r.status}`).toContain(r.status);
  expect(r.headers.get("content-type")).toMatch(/^text\/html/);
  const bytes = new Uint8Array(await r.arrayBuffer());
  expect(bytes.length).toBeGreaterThan(500);
  expect(bytes.indexOf(0), `NUL byte in ${path} at ${bytes.indexOf(0)}`).toBe(-1);
  let text = "";
  expect(() => (text = utf8.decode(bytes)), `${path} is not valid UTF-8`).not.toThrow();
  const csp = r.headers.get("content-security-policy") ?? "";
  const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
  expect(nonce, `${path} has a nonce CSP`).toBeTruthy();
  // Every inline script carries the nonce (else the browser would refuse to run it).
  const scripts = [...text.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const attrs of scripts) if (!/\bsrc=/.test(attrs)) expect(attrs, `${path}: inline script without nonce`).toContain(`nonce="${nonce}"`);
  expect(text).not.toMatch(/\sstyle="/);
  expect(r.headers.get("x-content-type-options")).toBe("nosniff");
  expect(r.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  return text;
}

describe("pages are NUL-free, valid UTF-8 and carry a nonce CSP", () => {
  for (const locale of ["zh-CN", "en"] as const) {
    it(`public pages (${locale})`, async () => {
      const client = new HttpClient();
      client.cookies.set("km_lang", await localeCookie(locale));
      const home = await checkPage(client, "/");
      expect(home).toContain(`<html lang="${locale}"`);
      const catalog = await checkPage(client, "/works");
      const work = firstHref(catalog, /href="(\/works\/JDZ-[^"]+)"/);
      expect(work).toBeTruthy();
      await checkPage(client, work!);
      const offers = await checkPage(client, "/offers");
      const offer = firstHref(offers, /href="(\/offers\/(?!new)[^"?]+)"/);
      expect(offer).toBeTruthy();
      await checkPage(client, offer!);
      for (const p of ["/verify", "/verify/certificate", "/verify/license", "/cases/new", "/login", "/signup"]) await checkPage(client, p);
      await checkPage(client, `/verify/certificate?number=${encodeURIComponent(work!.split("/").pop()!)}`);
      await checkPage(client, "/works?q=%E9%9D%92%E8%8A%B1%E7%93%B7");
      await checkPage(client, "/no-such-page-瓷", [404]);
    });

    it(`signed-in pages (${locale})`, async () => {
      const cookie = await localeCookie(locale);
      const artisan = await new HttpClient().login(DEMO.artisan);
      artisan.cookies.set("km_lang", cookie);
      for (const p of ["/dashboard", "/my/works", "/profile", "/notifications", "/offers/new"]) await checkPage(artisan, p);
      const officer = await new HttpClient().login(DEMO.officer);
      officer.cookies.set("km_lang", cookie);
      for (const p of ["/officer", "/officer/examination", "/officer/cases"]) await checkPage(officer, p);
      const admin = await new HttpClient().login(DEMO.admin);
      admin.cookies.set("km_lang", cookie);
      await checkPage(admin, "/admin/users");
    });
  }

  it("refuses a NUL in the address with 400, other responses get the strict default policy", async () => {
    const client = new HttpClient();
    const r = await client.request("/works?q=%E7%93%B7%00");
    expect(r.status).toBe(400);
    const health = await client.request("/resources/healthcheck");
    expect(health.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
    const css = await client.request("/favicon.svg");
    expect(css.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
    expect(css.headers.get("x-content-type-options")).toBe("nosniff");
    // http:// install: no HSTS.
    expect(health.headers.get("strict-transport-security")).toBeNull();
  });
});
