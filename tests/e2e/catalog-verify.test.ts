/**
 * The public side in Chromium on the seeded demo: browse and filter the catalog, open a work
 * page, then prove /verify finds a registered work from a recompressed, resized copy of one of
 * its photos — and that sealed works show no image or title anywhere public.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { HttpClient, launchBrowser, newPage, textOf, visible } from "./helpers";

describe("catalog and verification in Chromium", () => {
  let browser: Browser;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-verify-"));
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("filters the catalog, opens a work, and /verify finds a recompressed copy as the same image", async () => {
    const page = await newPage(browser, "en");
    await page.goto("/works");
    await visible(page, "catalog-entry");
    const all = await page.getByTestId("catalog-entry").count();
    expect(all).toBeGreaterThan(3);

    // Filter by category: fewer entries, all public (a detail filter never lists sealed works).
    await page.selectOption('[data-testid="catalog-filters"] select[name="category"]', "vase");
    await Promise.all([page.waitForURL(/category=vase/), page.click('[data-testid="catalog-filters"] button[type="submit"]')]);
    // The URL changes before the new list is on screen: wait for the filtered list, not the old one.
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="catalog-entry"]').length < n, all, { timeout: 15_000 });
    await visible(page, "catalog-entry");
    const vases = await page.getByTestId("catalog-entry").count();
    expect(vases).toBeGreaterThan(0);
    expect(vases).toBeLessThan(all);
    expect(await page.locator('[data-testid="catalog-entry"][data-sealed="true"]').count()).toBe(0);

    // Open the first vase's page: gallery, number, hashes.
    const title = await textOf(page, '[data-testid="catalog-title"]');
    await Promise.all([page.waitForURL(/\/works\/JDZ-\d{4}-\d{6}-[0-9X]$/), page.getByTestId("catalog-title").first().click()]);
    expect(await textOf(page, '[data-testid="work-title"]')).toBe(title);
    const number = await textOf(page, '[data-testid="work-number"]');
    expect(number).toMatch(/^JDZ-\d{4}-\d{6}-[0-9X]$/);
    await visible(page, "work-gallery");
    const sha256 = await textOf(page, '[data-testid="work-gallery"] [data-testid="view-sha256"]');
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(
      await page
        .locator('[data-testid="work-gallery"] img')
        .first()
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    ).toBe(true);

    // A copier's version of the front photo: 80% size, JPEG quality 60.
    const res = await new HttpClient().request(`/resources/images/${sha256}/1280`);
    expect(res.status).toBe(200);
    const source = Buffer.from(await res.arrayBuffer());
    const { width = 1000 } = await sharp(source).metadata();
    const copy = path.join(tmp, "copy.jpg");
    await sharp(source)
      .resize(Math.round(width * 0.8))
      .jpeg({ quality: 60 })
      .toFile(copy);

    await page.goto("/verify");
    await page.setInputFiles("#verify-photo-input", copy);
    await page.click('#verify-photo button[type="submit"]');
    await visible(page, "verify-verdict");
    const verdict = page.getByTestId("verify-verdict");
    expect(await verdict.getAttribute("data-verdict")).toBe("same");
    expect(await verdict.getAttribute("data-number")).toBe(number);
    expect(await verdict.textContent()).toContain(`Same image as registered work ${number}`);
    expect(await page.locator(`[data-testid="verify-match"][data-number="${number}"]`).count()).toBeGreaterThan(0);

    // The same check by number.
    await page.fill("#verify-number-input", number.toLowerCase());
    await Promise.all([page.waitForURL(/number=/), page.click('#verify-number button[type="submit"]')]);
    // The photo's verdict stays on screen until the navigation renders: wait for the new one.
    await page.locator('[data-testid="verify-verdict"][data-verdict="registered"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("verify-verdict").getAttribute("data-verdict")).toBe("registered");
  });

  it("a sealed registration shows its number, owner and hashes but no image or title", async () => {
    const page = await newPage(browser, "zh-CN");
    await page.goto("/works");
    await visible(page, "catalog-entry");
    const sealed = page.locator('[data-testid="catalog-entry"][data-sealed="true"]').first();
    await sealed.waitFor();
    expect(await sealed.locator("img").count()).toBe(0);
    const number = (await sealed.getByTestId("catalog-number").textContent())!.trim();
    await page.goto(`/works/${number}`);
    await visible(page, "sealed-notice");
    expect(await page.locator("img").count()).toBe(0);
    expect(await textOf(page, '[data-testid="work-title"]')).toBe("已登记，详情保密");
    await visible(page, "work-hashes");
    const api = await (await new HttpClient().request(`/api/v1/works/${number}`)).json();
    expect(api.work).toMatchObject({ registrationNumber: number, sealed: true, title: null, description: null });
    expect(JSON.stringify(api)).not.toContain("/resources/images/");
  });
});
