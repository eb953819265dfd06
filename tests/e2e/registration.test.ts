/**
 * Registration end to end in Chromium: an artisan creates a work with three photos and submits
 * it; an officer opens it from the examination queue and registers it; the artisan then sees the
 * registration number. (The catalog and /verify half of the scenario is the public side's.)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { isRegistrationNumber } from "~/domain/registry/registration-number";
import { DEMO, HttpClient, launchBrowser, loginAs, newPage, textOf, visible } from "./helpers";

describe("registration in Chromium", () => {
  let browser: Browser;
  let dir: string;
  const files: Record<string, string> = {};
  beforeAll(async () => {
    browser = await launchBrowser();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-e2e-reg-"));
    const seed = 700_000 + Math.floor(Math.random() * 100_000);
    for (const [i, kind] of ["front", "side", "base_mark"].entries()) {
      files[kind] = path.join(dir, `${kind}.png`);
      fs.writeFileSync(files[kind], await generateCeramicImage(seed + i, i % 2 ? "famille-rose" : "blue-and-white"));
    }
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("artisan submits a work with three views → officer registers it from the queue → artisan sees the number", async () => {
    const title = `E2E 青花缠枝纹罐 ${Date.now()}`;

    // 1. The artisan fills the form, picks three photos (previews appear) and submits.
    const artisan = await newPage(browser, "en");
    await loginAs(artisan, DEMO.artisan2);
    await artisan.goto("/works/new");
    await artisan.fill("#titleZh", title);
    await artisan.fill("#titleEn", "E2E lotus jar");
    await artisan.selectOption("#category", "vase");
    await artisan.check('input[name="techniques"][value="qinghua"]');
    await artisan.fill("#heightMm", "210");
    await artisan.fill('input[name="authors[0].name"]', "周粉彩");
    await artisan.setInputFiles("#file-front", files.front);
    await artisan.setInputFiles("#file-side", files.side);
    await artisan.setInputFiles("#file-base_mark", files.base_mark);
    await artisan.locator('[data-testid="view-input-base_mark"] img').waitFor();
    await Promise.all([
      artisan.waitForURL(/\/my\/works\/[a-z0-9]+\?submitted=1$/, { timeout: 30_000 }),
      artisan.locator('button[name="intent"][value="submit"]').click(),
    ]);
    const workUrl = new URL(artisan.url());
    await artisan.getByTestId("work-view").nth(2).waitFor();
    expect(await artisan.getByTestId("work-view").count()).toBe(3);
    await visible(artisan, "prior-art");
    expect(await textOf(artisan, '[data-testid="work-status"]')).toMatch(/已提交|Submitted/);

    // 2. The officer finds it in the queue, opens it and registers it.
    const officer = await newPage(browser, "en");
    await loginAs(officer, DEMO.officer);
    // The officer searches the queue for it (rows show the title in the page's language).
    await officer.goto(`/officer/examination?q=${encodeURIComponent(title)}`);
    const row = officer.getByTestId("queue-row").first();
    await row.waitFor();
    await Promise.all([officer.waitForURL(/\/officer\/examination\/[a-z0-9]+$/), row.getByRole("link").first().click()]);
    await officer.getByTestId("work-view").nth(2).waitFor();
    expect(await officer.getByTestId("work-view").count()).toBe(3);
    await visible(officer, "prior-art");
    officer.on("dialog", (d) => void d.accept());
    await Promise.all([officer.waitForURL(/\/officer\/examination\/[a-z0-9]+\?registered=1$/), officer.getByTestId("register-button").click()]);
    // The success panel: the new number, links to the public page and to both certificate forms.
    await visible(officer, "registered-panel");
    const fromOfficer = /JDZ-\d{4}-\d{6}-[0-9A-Z]/.exec(await textOf(officer, '[data-testid="registered-panel"] h2'))?.[0] ?? "";
    expect(isRegistrationNumber(fromOfficer)).toBe(true);
    expect(await officer.getByTestId("registered-work-link").getAttribute("href")).toBe(`/works/${fromOfficer}`);
    expect(await officer.getByTestId("registered-cert-json").getAttribute("href")).toBe(`/works/${fromOfficer}/certificate.json`);
    expect(await officer.getByTestId("registered-cert-pdf").getAttribute("href")).toBe(`/works/${fromOfficer}/certificate.pdf`);
    const cert = await new HttpClient().request(`/works/${fromOfficer}/certificate.json`);
    expect(cert.status).toBe(200);
    await officer.goto("/officer/examination");
    expect(await officer.getByTestId("queue-row").filter({ hasText: title }).count()).toBe(0);

    // 3. The artisan sees the outcome: the registration number, on the work and in the list.
    await artisan.goto(workUrl.pathname);
    await visible(artisan, "registration-number");
    const number = await textOf(artisan, '[data-testid="registration-number"]');
    expect(number).toBe(fromOfficer);
    expect(await textOf(artisan, '[data-testid="work-status"]')).toMatch(/已登记|Registered/);
    await artisan.goto("/my/works");
    expect(await textOf(artisan, `[data-testid="my-work"]:has-text("${title}") [data-testid="registration-number"]`)).toBe(number);

    // 4. Its photos are public now (registered, public work): served without a session, cacheable.
    const sha = /\/resources\/images\/([0-9a-f]{64})\/320/.exec(await artisan.content())?.[1];
    expect(sha).toBeTruthy();
    const res = await new HttpClient().request(`/resources/images/${sha}/320`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("cache-control")).toContain("public");
  });
});
