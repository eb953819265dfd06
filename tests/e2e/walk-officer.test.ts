/**
 * Walk: an officer of the exchange center on a phone (390 × 844), in Chinese and in English.
 * An artisan imports three works; the officer finds them with the queue search, registers one
 * (the new number with links to the work and its certificate), decides the other two in bulk
 * (register in one language, reject with one reason in the other), reads the registration and
 * case statistics charts; marks a case as disputing a work's ownership, so a licence request on
 * that work waits (the licensee is told why), approves it only with a recorded reason (refused
 * without one, in the page's language), finds the override in a readable audit log with the raw
 * JSON behind a toggle, and clears the dispute. A licensee posting the officer's approval gets
 * 403 and the deal does not move.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { isRegistrationNumber } from "~/domain/registry/registration-number";
import { DEMO, HttpClient, launchBrowser, loginAs, newPage, restoreDemoLanguage } from "./helpers";
import { LOCALES, checkPage, httpAs, phone, signIn, text, tr, visit } from "./walk-helpers";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await restoreDemoLanguage(DEMO.officer, DEMO.artisan3, DEMO.artisan, DEMO.licensee);
  await browser?.close();
});

async function importWorks(tag: string, seed: number): Promise<void> {
  const artisan = await newPage(browser, "zh-CN");
  await loginAs(artisan, DEMO.artisan3);
  const csv = ["title_zh,category,authors,images", ...[1, 2, 3].map((n) => `${tag}-${n},vase,徐玲珑,p${n}.png`)].join("\n");
  const images = await Promise.all(
    [1, 2, 3].map(async (n) => ({
      name: `p${n}.png`,
      mimeType: "image/png",
      buffer: await generateCeramicImage(seed + n, n % 2 ? "famille-rose" : "blue-and-white"),
    })),
  );
  await artisan.goto("/my/import");
  await artisan.setInputFiles("#import-csv", { name: "catalog.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await artisan.setInputFiles("#import-images", images);
  await artisan.click('#import-form button[type="submit"]');
  await artisan.getByTestId("import-report").waitFor({ timeout: 120_000 });
  expect(await artisan.locator('[data-testid="import-created"] li').count()).toBe(3);
  await artisan.context().close();
}

/** An offer by the work's owner on `number`, and a licence request for it from PopClay. */
async function requestOn(number: string): Promise<string> {
  const owner = await newPage(browser, "zh-CN");
  await loginAs(owner, DEMO.artisan);
  await owner.goto("/offers/new");
  const workId = await owner
    .locator("#workId option")
    .evaluateAll((os, n) => (os as HTMLOptionElement[]).find((o) => o.textContent?.includes(n))?.value, number);
  expect(workId, `${number} among the owner's works`).toBeTruthy();
  await owner.selectOption("#workId", workId!);
  await owner.check('input[name="exclusivity"][value="non_exclusive"]');
  await owner.check('input[name="fields"][value="textiles"]');
  await owner.check('input[name="regions"][value="worldwide"]');
  await owner.fill("#termStart", `${new Date().getUTCFullYear()}-01-01`);
  await owner.fill("#termLastDay", `${new Date().getUTCFullYear() + 1}-12-31`);
  await owner.fill("#upfrontFee", "800");
  await Promise.all([
    owner.waitForURL((u) => /^\/offers\/[a-z0-9]+$/.test(u.pathname) && u.pathname !== "/offers/new"),
    owner.locator('#offer-form button[type="submit"]').click(),
  ]);
  const offerPath = new URL(owner.url()).pathname;
  await owner.context().close();

  const licensee = await newPage(browser, "zh-CN");
  await loginAs(licensee, DEMO.licensee);
  await licensee.goto(offerPath);
  await licensee.fill('#request-form textarea[name="message"]', "walk: dispute");
  await Promise.all([licensee.waitForURL(/\/deals\/KM-D-/), licensee.getByTestId("request-submit").click()]);
  const reference = (await licensee.getByTestId("deal-reference").textContent())!.trim();
  await licensee.context().close();
  return reference;
}

async function acceptDialogs(page: Page) {
  page.on("dialog", (d) => void d.accept());
}

describe("walk: officer", () => {
  for (const [i, locale] of LOCALES.entries()) {
    it(`queue search → register (number and links) → bulk decision → statistics (${locale})`, async () => {
      const tag = `巡检${locale === "en" ? "E" : "Z"}${Date.now().toString(36)}`;
      await importWorks(tag, 650_000 + i * 10 + (Date.now() % 10_000) * 100);

      const page = await phone(browser, locale);
      await signIn(page, DEMO.officer, locale);
      acceptDialogs(page);
      await visit(page, "/officer", locale);
      await visit(page, `/officer/examination?q=${encodeURIComponent(tag)}`, locale);
      expect(await page.getByTestId("queue-row").count()).toBe(3);
      await visit(page, `/officer/examination?q=${encodeURIComponent(`${tag}-1`)}`, locale);
      expect(await page.getByTestId("queue-row").count()).toBe(1);
      const batch = /#(\d+)/.exec(await text(page, '[data-testid="queue-batch"]'))![1];

      // Register one: the panel names the new number and links the work and its certificate.
      await Promise.all([page.waitForURL(/\/officer\/examination\/[a-z0-9]+$/), page.getByTestId("queue-row").getByRole("link").first().click()]);
      await checkPage(page, locale);
      await Promise.all([page.waitForURL(/\?registered=1$/), page.getByTestId("register-button").click()]);
      await checkPage(page, locale);
      const panel = await text(page, '[data-testid="registered-panel"]');
      const number = /JDZ-\d{4}-\d{6}-[0-9X]/.exec(panel)?.[0] ?? "";
      expect(isRegistrationNumber(number)).toBe(true);
      expect(panel).toContain(tr(locale, "examination.registered.title", { registrationNumber: number }));
      expect(await page.getByTestId("registered-cert-pdf").getAttribute("href")).toBe(`/works/${number}/certificate.pdf`);
      expect((await new HttpClient().request(`/works/${number}/certificate.pdf`)).status).toBe(200);
      await Promise.all([page.waitForURL(`**/works/${number}`), page.getByTestId("registered-work-link").click()]);
      expect(await text(page, '[data-testid="work-number"]')).toBe(number);

      // The other two, found by their import batch, decided together.
      await visit(page, `/officer/examination?q=%23${batch}`, locale);
      expect(await page.getByTestId("queue-row").count()).toBe(2);
      await page.waitForLoadState("networkidle");
      await page.getByTestId("select-all-imported").check();
      if (locale === "zh-CN") {
        await page.getByTestId("bulk-register").click();
        expect(await text(page, '[data-testid="bulk-done"]')).toBe(tr(locale, "examination.bulk.doneRegistered", { count: 2 }));
      } else {
        await page.getByTestId("bulk-reason").selectOption("other");
        await page.getByTestId("bulk-note").fill("Photos are renders, not the pieces.");
        await page.getByTestId("bulk-reject").click();
        expect(await text(page, '[data-testid="bulk-done"]')).toBe(tr(locale, "examination.bulk.doneRejected", { count: 2 }));
      }
      await checkPage(page, locale);
      await visit(page, `/officer/examination?q=${encodeURIComponent(tag)}`, locale);
      await page.getByTestId("empty-state").waitFor();

      // Statistics with charts: registrations per month (12 bars), cases by status.
      await Promise.all([page.waitForURL("**/officer/registry/stats"), page.getByTestId("registry-stats-link").click()]);
      // The URL changes before the new page is on screen: wait for its chart.
      await page.locator('[data-testid="chart-registrations"] g').first().waitFor({ timeout: 15_000 });
      await checkPage(page, locale);
      expect(await page.locator('[data-testid="chart-registrations"] g').count()).toBe(12);
      expect(Number(await text(page, '[data-testid="stat-queue"]'))).toBeGreaterThanOrEqual(0);
      await visit(page, "/officer/cases/stats", locale);
      expect(await page.locator('[data-testid="chart-status"] g').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-testid="chart-status"]').textContent()).toContain(tr(locale, "cases.status.reported"));
      await page.context().close();
    }, 240_000);

    it(`ownership dispute holds up a licence; approval only with a recorded reason; readable audit (${locale})`, async () => {
      const page = await phone(browser, locale);
      await signIn(page, DEMO.officer, locale);
      acceptDialogs(page);
      // The seeded report about a copy of a registered work (its first case).
      await visit(page, "/officer/cases", locale);
      const cases = (await page.locator("a[href^='/officer/cases/KM-C-']").evaluateAll((as) => as.map((a) => a.getAttribute("href")!))).sort();
      const casePath = cases[0]!;
      await visit(page, casePath, locale);
      const box = page.getByTestId("dispute-work").first();
      expect(await box.getAttribute("data-disputed")).toBe("no");
      expect(await text(page, '[data-testid="dispute-work"] [data-testid="dispute-state"]')).toBe(tr(locale, "cases.works.state.copy"));
      const number = (await box.locator("a[href^='/works/']").textContent())!.trim();

      // A report of a copy does not hold up licensing; the request is approvable as it stands.
      const reference = await requestOn(number);
      const licensee = await httpAs(DEMO.licensee, locale);
      expect(await (await licensee.request(`/deals/${reference}`)).text()).not.toContain('data-testid="waiting-dispute"');

      // The officer says the case disputes the work's ownership (after a confirmation).
      await Promise.all([page.waitForLoadState("networkidle"), page.getByTestId(`dispute-${number}`).click()]);
      await page.locator('[data-testid="dispute-work"][data-disputed="yes"]').waitFor();
      expect(await text(page, '[data-testid="dispute-work"] [data-testid="dispute-state"]')).toBe(tr(locale, "cases.works.state.disputed"));
      await checkPage(page, locale);

      // The licensee is told why the request waits.
      const dealHtml = (await (await licensee.request(`/deals/${reference}`)).text()).replaceAll("&#x27;", "'");
      expect(dealHtml).toContain(tr(locale, "licensing.deal.waitingDispute"));

      // A licensee cannot approve it: 403, still requested.
      expect((await licensee.request(`/officer/deals/${reference}`, { method: "POST", form: { intent: "approve", overrideReason: "me" } })).status).toBe(403);

      // The officer's review: the check fails, approval without a reason is refused in the page's language.
      await visit(page, `/officer/deals/${reference}`, locale);
      expect(await page.locator('[data-testid="checks"] [data-check="fail"]').count()).toBeGreaterThan(0);
      await page.getByTestId("override-reason").evaluate((t: HTMLTextAreaElement) => t.removeAttribute("required"));
      await Promise.all([page.waitForLoadState("networkidle"), page.getByTestId("approve").click()]);
      expect(await text(page, '[data-testid="form-error"]')).toContain(tr(locale, "licensing.error.openCase", { number: casePath.split("/").pop()! }));
      expect(await page.getByTestId("deal-status").getAttribute("data-status")).toBe("requested");
      const reason = `walk ${locale}: the dispute concerns another edition`;
      await page.getByTestId("override-reason").fill(reason);
      await Promise.all([page.waitForLoadState("networkidle"), page.getByTestId("approve").click()]);
      await page.locator('[data-testid="deal-status"][data-status="approved"]').waitFor();
      await checkPage(page, locale);

      // The audit log: a readable event name, the reason among its fields, raw JSON behind a toggle.
      await visit(page, "/officer/audit", locale);
      const row = page.getByTestId("audit-row").filter({ hasText: reason }).first();
      await row.waitFor();
      expect(await row.getByTestId("audit-action").innerText()).toBe(tr(locale, "audit.action.deal.approved"));
      const raw = row.locator("details pre");
      expect(await raw.isVisible()).toBe(false);
      await row.locator("details summary").click();
      await raw.waitFor({ state: "visible" });
      const json = JSON.parse((await raw.textContent())!) as Record<string, unknown>;
      expect(JSON.stringify(json)).toContain(reason);
      await checkPage(page, locale);

      // Clear the dispute again: the work is licensable without a reason.
      await visit(page, casePath, locale);
      await Promise.all([page.waitForLoadState("networkidle"), page.getByTestId(`dispute-${number}`).click()]);
      await page.locator('[data-testid="dispute-work"][data-disputed="no"]').waitFor();
      await page.context().close();
    }, 240_000);
  }
});
