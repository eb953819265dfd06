/**
 * Shared steps of the per-role walks (walk-*.test.ts): a phone-sized page in one language, a
 * signed-in account that speaks it, and a visit that checks what every page owes a phone user —
 * a real page (not an error), a tab title in the page's language, no sideways scroll at 390 px.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import type { Browser, Page } from "playwright-core";
import { translate, type Locale } from "~/utils/i18n";
import { baseUrl, HttpClient, loginAs } from "./helpers";

export const LOCALES = ["zh-CN", "en"] as const satisfies readonly Locale[];
const CJK = /[\u3400-\u9fff]/;

export function tr(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const s = translate(locale, key, params);
  if (s === key) throw new Error(`no message ${key}`);
  return s;
}

/** A 390 × 844 touch screen speaking `locale`. */
export async function phone(browser: Browser, locale: Locale): Promise<Page> {
  const context = await browser.newContext({
    locale,
    baseURL: baseUrl(),
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    extraHTTPHeaders: { "Accept-Language": locale },
  });
  return context.newPage();
}

/** Sign in and make the account speak the page's language (as the language switcher does). */
export async function signIn(page: Page, email: string, locale: Locale) {
  await loginAs(page, email);
  const r = await page.request.post("/resources/locale", { form: { locale, redirectTo: "/" }, headers: { Origin: baseUrl() }, maxRedirects: 0 });
  expect(r.status()).toBe(302);
}

/** The same for a cookie client acting as the other party of a walk. */
export async function httpAs(email: string, locale: Locale = "zh-CN"): Promise<HttpClient> {
  const c = await new HttpClient().login(email);
  const r = await c.request("/resources/locale", { method: "POST", form: { locale, redirectTo: "/" } });
  expect(r.status).toBe(302);
  return c;
}

/** What every page visited on a walk must be: the page's language in the tab, no sideways scroll. */
export async function checkPage(page: Page, locale: Locale) {
  await page.waitForLoadState("load");
  const m = await page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    title: document.title,
    lang: document.documentElement.lang,
    path: location.pathname + location.search,
  }));
  expect(m.overflow, `${m.path} scrolls sideways by ${m.overflow}px at 390 px`).toBeLessThanOrEqual(0);
  if (locale === "zh-CN") expect(CJK.test(m.title) && m.title.includes("瓷印"), `${m.path} title "${m.title}"`).toBe(true);
  else expect(!CJK.test(m.title) && m.title.includes("Kilnmark"), `${m.path} title "${m.title}"`).toBe(true);
  expect(m.lang, m.path).toBe(locale);
}

/** Go to a page, expect it served (not an error page), and check it. */
export async function visit(page: Page, pathname: string, locale: Locale) {
  const res = await page.goto(pathname);
  expect(res?.status(), pathname).toBeLessThan(400);
  await checkPage(page, locale);
}

export async function text(page: Page, selector: string): Promise<string> {
  const loc = page.locator(selector).first();
  await loc.waitFor({ state: "visible", timeout: 15_000 });
  return (await loc.innerText()).replace(/\s+/g, " ").trim();
}

/** The text of a PDF, read back with poppler's pdftotext, whitespace folded. */
export function pdfText(pdf: Buffer): string {
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const file = path.join(os.tmpdir(), `kilnmark-walk-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Images under `selector` that really loaded (natural width > 0). */
export async function loadedImages(page: Page, selector: string): Promise<number> {
  await page.waitForFunction((sel) => [...document.querySelectorAll<HTMLImageElement>(sel)].every((i) => i.complete), selector, { timeout: 15_000 });
  return page.$$eval(selector, (imgs) => (imgs as HTMLImageElement[]).filter((i) => i.naturalWidth > 0).length);
}
