/**
 * Officer registration flow and the links around it, in Chromium, in zh-CN and en:
 * an artisan imports a catalog; the officer finds it by search, registers one work (success panel
 * with number and certificate links, zh-CN) and rejects the rest in bulk with one reason (en);
 * the artisan pages and filters /my/works; "report this copy" prefills /cases/new from the public
 * work page and from a photo match on /verify.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { isRegistrationNumber } from "~/domain/registry/registration-number";
import { baseUrl, DEMO, HttpClient, launchBrowser, loginAs, newPage, restoreDemoLanguage, textOf, visible } from "./helpers";

let browser: Browser;

/** The signed-in account's language wins over the browser's: set it, like the language switcher. */
async function useLanguage(page: Page, locale: string) {
  const r = await page.request.post("/resources/locale", { form: { locale, redirectTo: "/" }, headers: { Origin: baseUrl() }, maxRedirects: 0 });
  expect(r.status()).toBe(302);
}
let tmp: string;
const TAG = `批次${Date.now().toString(36)}`;
const ROWS = 23; // more than one page of /my/works (20 a page)

beforeAll(async () => {
  browser = await launchBrowser();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-officer-flow-"));
}, 60_000);
afterAll(async () => {
  await restoreDemoLanguage(DEMO.officer, DEMO.officer2, DEMO.artisan3);
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("officer registration flow", () => {
  it("import → search → register one (panel, zh-CN) → bulk reject the rest with one reason (en) → artisan pages and filters", async () => {
    // The artisan imports ROWS works, each with its own photo.
    const artisan = await newPage(browser, "en");
    await loginAs(artisan, DEMO.artisan3);
    await useLanguage(artisan, "en");
    const csv = [
      "title_zh,category,authors,images",
      ...Array.from({ length: ROWS }, (_, i) => `${TAG}-${String(i + 1).padStart(2, "0")},vase,徐玲珑,p${i + 1}.png`),
    ].join("\n");
    const images = await Promise.all(
      Array.from({ length: ROWS }, async (_, i) => ({
        name: `p${i + 1}.png`,
        mimeType: "image/png",
        buffer: await generateCeramicImage(9100 + i, i % 2 ? "famille-rose" : "blue-and-white"),
      })),
    );
    await artisan.goto("/my/import");
    await artisan.setInputFiles("#import-csv", { name: "catalog.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await artisan.setInputFiles("#import-images", images);
    await artisan.click('#import-form button[type="submit"]');
    await artisan.getByTestId("import-report").waitFor({ timeout: 120_000 });
    expect(await artisan.locator('[data-testid="import-created"] li').count()).toBe(ROWS);

    // Officer (zh-CN): the queue search finds one work by title; registering it shows the panel.
    const zh = await newPage(browser, "zh-CN");
    await loginAs(zh, DEMO.officer);
    await useLanguage(zh, "zh-CN");
    await zh.goto(`/officer/examination?q=${encodeURIComponent(`${TAG}-01`)}`);
    expect(await zh.getByTestId("queue-row").count()).toBe(1);
    expect(await textOf(zh, '[data-testid="queue-batch"]')).toMatch(/^批次 #\d+$/);
    await Promise.all([zh.waitForURL(/\/officer\/examination\/[a-z0-9]+$/), zh.getByTestId("queue-row").getByRole("link").first().click()]);
    zh.on("dialog", (d) => void d.accept());
    await Promise.all([zh.waitForURL(/\?registered=1$/), zh.getByTestId("register-button").click()]);
    const panel = await textOf(zh, '[data-testid="registered-panel"]');
    expect(panel).toContain("已登记");
    const number = /JDZ-\d{4}-\d{6}-[0-9X]/.exec(panel)?.[0] ?? "";
    expect(isRegistrationNumber(number)).toBe(true);
    expect(await zh.getByTestId("registered-cert-pdf").getAttribute("href")).toBe(`/works/${number}/certificate.pdf`);
    const pdf = await new HttpClient().request(`/works/${number}/certificate.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toContain("application/pdf");
    await Promise.all([zh.waitForURL(`**/works/${number}`), zh.getByTestId("registered-work-link").click()]);
    expect(await textOf(zh, '[data-testid="work-number"]')).toBe(number);

    // Officer (en): search by the import batch, select all imported, reject with one reason.
    const batch = /#(\d+)/.exec(
      await (async () => {
        await zh.goto(`/officer/examination?q=${encodeURIComponent(`${TAG}-02`)}`);
        return textOf(zh, '[data-testid="queue-batch"]');
      })(),
    )![1];
    const en = await newPage(browser, "en");
    await loginAs(en, DEMO.officer2);
    await useLanguage(en, "en");
    await en.goto(`/officer/examination?q=%23${batch}`);
    expect(await en.getByTestId("queue-row").count()).toBe(ROWS - 1);
    await en.waitForLoadState("networkidle"); // hydrated: the select-all box is client-side
    await en.getByTestId("select-all-imported").check();
    await en.waitForFunction((n) => document.querySelector('[data-testid="bulk-reject"]')?.textContent?.includes(`(${n})`), ROWS - 1);
    await en.getByTestId("bulk-reason").selectOption("other");
    await en.getByTestId("bulk-note").fill("Photos are catalogue renders, not the pieces.");
    en.on("dialog", (d) => void d.accept());
    await en.getByTestId("bulk-reject").click();
    expect(await textOf(en, '[data-testid="bulk-done"]')).toBe(`${ROWS - 1} works rejected.`);
    expect(await en.getByTestId("bulk-failed").count()).toBe(0);
    await en.goto(`/officer/examination?q=${encodeURIComponent(TAG)}`);
    await visible(en, "empty-state");
    expect(await textOf(en, '[data-testid="empty-state"]')).toContain(TAG);

    // The artisan's list: filtered by text and status, paged 20 at a time.
    await artisan.goto(`/my/works?q=${encodeURIComponent(TAG)}`);
    expect(await textOf(artisan, '[data-testid="work-count"]')).toBe(`${ROWS} works`);
    expect(await artisan.getByTestId("my-work").count()).toBe(20);
    await Promise.all([artisan.waitForURL(/page=2/), artisan.getByTestId("work-page-next").click()]);
    await artisan.waitForFunction(() => document.querySelector('[data-testid="work-page"]')?.textContent === "Page 2 of 2");
    expect(await artisan.getByTestId("my-work").count()).toBe(ROWS - 20);
    await artisan.getByTestId("work-filter-status").selectOption("registered");
    await Promise.all([artisan.waitForURL(/status=registered/), artisan.getByTestId("work-filter-apply").click()]);
    await artisan.waitForFunction(() => document.querySelector('[data-testid="work-count"]')?.textContent === "1 work");
    expect(await textOf(artisan, '[data-testid="work-count"]')).toBe("1 work");
    expect(await textOf(artisan, '[data-testid="my-work"] [data-testid="registration-number"]')).toBe(number);
    await artisan.goto(`/my/works?status=rejected&q=${encodeURIComponent(TAG)}`);
    expect(await textOf(artisan, '[data-testid="work-count"]')).toBe(`${ROWS - 1} works`);
    expect(await textOf(artisan, '[data-testid="decision-reason"]')).toContain("catalogue renders");
    // The same on the dashboard, with its own parameters.
    await artisan.goto(`/dashboard?wq=${encodeURIComponent(TAG)}&wstatus=registered`);
    expect(await artisan.getByTestId("dashboard-work").count()).toBe(1);

    // Report this copy: from the public work page (zh-CN), the report form opens with the work chosen.
    await zh.goto(`/works/${number}`);
    await Promise.all([zh.waitForURL(/\/cases\/new\?work=/), zh.getByTestId("report-copy-link").click()]);
    expect(await zh.locator(`[data-testid="work-choice"] input[data-registration-number="${number}"]`).isChecked()).toBe(true);

    // ...and from a photo match on /verify (en): the registered photo, re-encoded.
    const photo = path.join(tmp, "copy.png");
    fs.writeFileSync(photo, images[0]!.buffer);
    const visitor = await newPage(browser, "en");
    await visitor.goto("/verify");
    await visitor.setInputFiles("#verify-photo-input", photo);
    await visitor.click('#verify-photo button[type="submit"]');
    const match = visitor.locator(`[data-testid="verify-match"][data-number="${number}"]`).first();
    await match.waitFor({ timeout: 30_000 });
    expect(await match.getByTestId("report-copy-link").getAttribute("href")).toBe(`/cases/new?work=${number}`);
    await Promise.all([visitor.waitForURL(/\/cases\/new\?work=/), match.getByTestId("report-copy-link").click()]);
    expect(await visitor.locator(`[data-testid="work-choice"] input[data-registration-number="${number}"]`).isChecked()).toBe(true);
  }, 240_000);

  it("pages fit a 390 px screen: queue, statistics, my works, dashboard", async () => {
    const mobile = await browser.newContext({
      viewport: { width: 390, height: 844 },
      baseURL: baseUrl(),
      locale: "en",
      extraHTTPHeaders: { "Accept-Language": "en" },
    });
    const p = await mobile.newPage();
    await loginAs(p, DEMO.officer);
    await useLanguage(p, "en");
    await p.goto("/officer/examination");
    await Promise.all([p.waitForURL("**/officer/registry/stats"), p.getByTestId("registry-stats-link").click()]);
    await visible(p, "chart-registrations");
    expect(await p.locator('[data-testid="chart-registrations"] g').count()).toBe(12);
    expect(Number(await textOf(p, '[data-testid="stat-queue"]'))).toBeGreaterThanOrEqual(0);
    for (const url of ["/officer/examination", "/officer/examination?q=x", "/officer/registry/stats"]) {
      await p.goto(url);
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, url).toBeLessThanOrEqual(0);
    }
    const a = await browser.newContext({
      viewport: { width: 390, height: 844 },
      baseURL: baseUrl(),
      locale: "zh-CN",
      extraHTTPHeaders: { "Accept-Language": "zh-CN" },
    });
    const ap = await a.newPage();
    await loginAs(ap, DEMO.artisan3);
    await useLanguage(ap, "zh-CN");
    for (const url of ["/my/works", "/dashboard"]) {
      await ap.goto(url);
      const overflow = await ap.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, url).toBeLessThanOrEqual(0);
    }
  }, 60_000);
});
