/**
 * Every page speaks the page's language, tab title included: a Chinese page's title is Chinese and
 * an English page's title has no Chinese in it; and no page points people at repository files or
 * developer commands.
 */
import { afterAll, describe, expect, it } from "vitest";
import { DEMO, HttpClient, restoreDemoLanguage } from "./helpers";

afterAll(async () => restoreDemoLanguage(DEMO.artisan, DEMO.officer));

const PUBLIC = [
  "/",
  "/works",
  "/offers",
  "/verify",
  "/verify/certificate",
  "/verify/license",
  "/verify/offline",
  "/cases/new",
  "/login",
  "/signup",
  "/forgot-password",
  "/no-such-page",
];
const ARTISAN = ["/dashboard", "/my/works", "/works/new", "/offers/new", "/my/import", "/profile", "/notifications", "/cases"];
const OFFICER = ["/officer", "/officer/examination", "/officer/deals", "/officer/cases", "/officer/cases/stats", "/officer/anchoring", "/officer/audit"];
const CJK = /[\u3400-\u9fff]/;

function titleOf(html: string): string {
  const m = /<title>([^<]*)<\/title>/.exec(html);
  return m ? m[1] : "";
}

async function setLocale(c: HttpClient, locale: string) {
  const r = await c.request("/resources/locale", { method: "POST", form: { locale, redirectTo: "/" } });
  expect([200, 302, 303]).toContain(r.status);
}

async function check(c: HttpClient, locale: string, paths: string[]) {
  const wrong: string[] = [];
  for (const p of paths) {
    const res = await c.request(p, { headers: { "Accept-Language": locale } });
    const html = await res.text();
    const title = titleOf(html);
    if (locale === "zh-CN" ? !(CJK.test(title) && title.includes("瓷印")) : CJK.test(title) || !title.includes("Kilnmark")) wrong.push(`${p}: "${title}"`);
    for (const dev of ["npm run", "docs/", "scripts/"]) if (html.includes(dev)) wrong.push(`${p}: contains "${dev}"`);
  }
  expect(wrong).toEqual([]);
}

describe("error pages in the page's language", () => {
  it("a bad request shows no English reason phrase on a Chinese page", async () => {
    const c = new HttpClient();
    await setLocale(c, "zh-CN");
    const res = await c.request("/verify/certificate?number=not-a-number", { headers: { "Accept-Language": "zh-CN" } });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).not.toMatch(/Bad Request|not a registration/);
    expect(html).toContain("请求未能完成");
  });
});

describe("tab titles in the page's language, no developer text", () => {
  for (const locale of ["zh-CN", "en"]) {
    it(`public pages (${locale})`, async () => {
      const c = new HttpClient();
      await setLocale(c, locale);
      await check(c, locale, PUBLIC);
    });
    it(`artisan and officer pages (${locale})`, async () => {
      const a = new HttpClient();
      await a.login(DEMO.artisan);
      await setLocale(a, locale);
      await check(a, locale, ARTISAN);
      const o = new HttpClient();
      await o.login(DEMO.officer);
      await setLocale(o, locale);
      await check(o, locale, OFFICER);
    });
  }
});
