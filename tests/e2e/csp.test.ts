/**
 * The Content-Security-Policy in real Chromium: pages still hydrate and run client-side code, and
 * nothing is blocked (no CSP violation, no console error) on a few public and signed-in pages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { DEMO, launchBrowser, loginAs, newPage } from "./helpers";

function watch(page: Page) {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => ((window as unknown as { __csp?: string[] }).__csp ?? []).slice());
}

describe("CSP in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("pages hydrate with no CSP violation; the language switch works client-side", async () => {
    const page = await newPage(browser, "zh-CN");
    // Record violations from the very start of every document.
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const problems = watch(page);
    for (const p of ["/", "/works", "/offers", "/verify", "/cases/new", "/login"]) {
      const res = await page.goto(p);
      expect(res?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
      // Hydrated: Remix's router exists in the page (its inline scripts ran under the nonce).
      await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter), null, { timeout: 15_000 });
      expect(await violations(page), p).toEqual([]);
    }

    // A replayed catalog page (the anonymous page cache) carries a fresh nonce and hydrates too.
    let replayed = false;
    for (let i = 0; i < 5 && !replayed; i++) {
      const res = await page.goto("/works");
      replayed = res?.headers()["x-kilnmark-cache"] === "hit";
    }
    expect(replayed).toBe(true);
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter), null, { timeout: 15_000 });
    expect(await violations(page)).toEqual([]);

    // Client-side: the language switch is a Remix <Form>; hydrated, it submits by fetch and the
    // page re-renders in English without a full document load.
    await page.goto("/works");
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 42));
    await page.click('[data-testid="language-switch"] button[value="en"]');
    await page.waitForFunction(() => document.documentElement.lang === "en", null, { timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);
    // A client-side navigation through a link.
    await page.click('nav a[href="/offers"]');
    await page.waitForURL(/\/offers$/);
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("signed-in pages run without violations", async () => {
    const page = await newPage(browser, "en");
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const problems = watch(page);
    await loginAs(page, DEMO.artisan);
    for (const p of ["/dashboard", "/my/works", "/works/new", "/profile"]) {
      await page.goto(p);
      await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter), null, { timeout: 15_000 });
      expect(await violations(page), p).toEqual([]);
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
