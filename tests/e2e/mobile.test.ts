/**
 * Every page at phone width (390 × 844) in both languages: the header is one row with a menu
 * button (≤ 64 px tall, no label broken mid-word), the menu opens and navigates, and no page scrolls
 * sideways — wide officer tables scroll inside their own box.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { baseUrl, DEMO, DEMO_PASSWORD, launchBrowser } from "./helpers";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

async function phone(locale: string): Promise<Page> {
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

async function login(page: Page, email: string) {
  await page.goto("/login");
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click('form#login button[type="submit"]')]);
}

async function checkLayout(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  const m = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    header: document.querySelector("header")!.getBoundingClientRect().height,
    headerText: document.querySelector("header")!.innerText.replace(/\s+/g, " ").slice(0, 200),
  }));
  expect(m.scrollWidth, `${path} scrolls sideways (${m.scrollWidth} > ${m.clientWidth})`).toBeLessThanOrEqual(m.clientWidth);
  expect(m.header, `${path} header is ${m.header}px tall: ${m.headerText}`).toBeLessThanOrEqual(64);
}

const PUBLIC = ["/", "/works", "/offers", "/verify", "/verify/certificate", "/verify/license", "/cases/new", "/login", "/signup"];
const ARTISAN = ["/dashboard", "/my/works", "/works/new", "/offers/new", "/my/import", "/profile", "/notifications"];
const OFFICER = ["/officer", "/officer/examination", "/officer/deals", "/officer/cases", "/officer/cases/stats", "/officer/anchoring", "/officer/audit"];

describe("phone width, both languages", () => {
  for (const locale of ["zh-CN", "en"]) {
    it(`public pages (${locale})`, async () => {
      const page = await phone(locale);
      for (const p of PUBLIC) await checkLayout(page, p);
      // The menu opens, shows the navigation and takes you there.
      await page.goto("/");
      await page.getByTestId("mobile-menu-button").click();
      const catalog = page.getByTestId("mobile-menu").locator('a[href="/works"]');
      await catalog.waitFor({ state: "visible" });
      await Promise.all([page.waitForURL("**/works"), catalog.click()]);
      expect(await page.getByTestId("mobile-menu").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      // No nav label is broken over two lines.
      await page.getByTestId("mobile-menu-button").click();
      const wrapped = await page
        .getByTestId("mobile-menu")
        .locator("nav a")
        .evaluateAll((as) => as.filter((a) => a.getBoundingClientRect().height > 40).map((a) => a.textContent));
      expect(wrapped).toEqual([]);
      await page.context().close();
    });

    it(`artisan and officer pages (${locale})`, async () => {
      const artisan = await phone(locale);
      await login(artisan, DEMO.artisan);
      for (const p of ARTISAN) await checkLayout(artisan, p);
      await artisan.getByTestId("mobile-menu-button").click();
      await artisan.getByTestId("mobile-logout").waitFor({ state: "visible" });
      await artisan.context().close();

      const officer = await phone(locale);
      await login(officer, DEMO.officer);
      for (const p of OFFICER) await checkLayout(officer, p);
      await officer.context().close();
    });
  }
});
