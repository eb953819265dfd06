/**
 * Pictures where people look for them: the home page's recently registered works and the offers
 * show each public work's front view (images that really load in Chromium); a sealed work shows a
 * neutral tile and no image of its design.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { baseUrl, launchBrowser, newPage } from "./helpers";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

async function loadedImages(page: import("playwright-core").Page, selector: string) {
  await page.waitForFunction((sel) => [...document.querySelectorAll<HTMLImageElement>(sel)].every((i) => i.complete), selector);
  return page.$$eval(selector, (imgs) => (imgs as HTMLImageElement[]).map((i) => ({ src: i.getAttribute("src"), w: i.naturalWidth })));
}

describe("pictures on the home page and the offers", () => {
  it("home shows recently registered public works with their front photo, none sealed", async () => {
    const page = await newPage(browser, "en");
    await page.goto(`${baseUrl()}/`);
    const recent = page.getByTestId("recent-works");
    await recent.waitFor();
    const imgs = await loadedImages(page, '[data-testid="recent-works"] img[data-testid="work-picture"]');
    expect(imgs.length).toBeGreaterThan(0);
    for (const i of imgs) {
      expect(i.src).toMatch(/^\/resources\/images\/[0-9a-f]{64}\/320$/);
      expect(i.w, `${i.src} did not load`).toBeGreaterThan(0);
    }
    const text = await recent.innerText();
    // Sealed demo works (e.g. the unreleased dragon vase) never appear on the public front page.
    expect(text).not.toContain("unreleased");
    await page.close();
  });

  it("offers show each public work's picture and a neutral tile for a sealed work", async () => {
    const page = await newPage(browser, "zh-CN");
    await page.goto(`${baseUrl()}/offers`);
    await page.getByTestId("offer-card").first().waitFor();
    const cards = await page.getByTestId("offer-card").count();
    const imgs = await loadedImages(page, '[data-testid="offer-card"] img[data-testid="work-picture"]');
    const tiles = await page.locator('[data-testid="offer-card"] [data-testid="work-picture-tile"]').count();
    expect(imgs.length + tiles).toBe(cards);
    expect(imgs.length).toBeGreaterThan(0);
    for (const i of imgs) expect(i.w, `${i.src} did not load`).toBeGreaterThan(0);
    // The offer page shows the picture too.
    const href = await page.getByTestId("offer-card").first().locator("a[href^='/offers/']").last().getAttribute("href");
    await page.goto(`${baseUrl()}${href}`);
    const one = page.locator('[data-testid="work-picture"], [data-testid="work-picture-tile"]').first();
    await one.waitFor();
    await page.close();
  });
});
