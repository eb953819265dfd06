/**
 * Walk: a member of the public on a phone (390 × 844), in Chinese and in English. Home page with
 * recently registered works (pictures that load), the catalog with a grammatical count, a work
 * page and its "report this copy" link, /verify by registration number and by the `0x…` SHA-256
 * a certificate file carries, a certificate refused with the changed field named, a licence check
 * whose example number is valid, and the offline-verification page. Every page: tab title in the
 * page's language, no sideways scroll.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { isValidLicenseNumber } from "~/domain/licensing/license-number";
import { HttpClient, launchBrowser } from "./helpers";
import { LOCALES, checkPage, loadedImages, phone, text, tr, visit } from "./walk-helpers";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe("walk: public visitor", () => {
  for (const locale of LOCALES) {
    it(`home → catalog → work → report this copy → verify (number, 0x SHA-256, certificate, licence, offline) (${locale})`, async () => {
      const page = await phone(browser, locale);

      // Home: recently registered works with their pictures; the live counters.
      await visit(page, "/", locale);
      expect(await text(page, "h1")).toBe(tr(locale, "common.home.headline"));
      expect(await loadedImages(page, '[data-testid="recent-works"] img[data-testid="work-picture"]')).toBeGreaterThan(0);
      const firstRecent = page.getByTestId("recent-works").locator("a[href^='/works/JDZ-']").first();
      const recentHref = (await firstRecent.getAttribute("href"))!;
      expect(Number(await text(page, '[data-testid="count-registeredWorks"]'))).toBeGreaterThan(0);

      // Catalog: the count reads as a sentence, singular for one.
      await visit(page, "/works", locale);
      const all = Number(/\d+/.exec(await text(page, '[data-testid="catalog-count"]'))![0]);
      expect(await text(page, '[data-testid="catalog-count"]')).toBe(tr(locale, "catalog.count", { count: all }));
      const number = recentHref.slice("/works/".length);
      await visit(page, `/works?q=${encodeURIComponent(number)}`, locale);
      expect(await page.getByTestId("catalog-entry").count()).toBe(1);
      expect(await text(page, '[data-testid="catalog-count"]')).toBe(locale === "en" ? "1 registered work" : "共 1 件已登记作品");

      // The work page, its hashes, and "report this copy" prefilled with the work.
      await Promise.all([page.waitForURL(`**/works/${number}`), page.getByTestId("catalog-title").first().click()]);
      await checkPage(page, locale);
      expect(await text(page, '[data-testid="work-number"]')).toBe(number);
      const sha256 = await text(page, '[data-testid="work-gallery"] [data-testid="view-sha256"]');
      expect(sha256).toMatch(/^[0-9a-f]{64}$/);
      await Promise.all([page.waitForURL(/\/cases\/new\?work=/), page.getByTestId("report-copy-link").click()]);
      await checkPage(page, locale);
      expect(await page.locator(`[data-testid="work-choice"] input[data-registration-number="${number}"]`).isChecked()).toBe(true);

      // /verify by number, and by the 0x form of a photo's SHA-256 (as certificate JSON writes it).
      await visit(page, `/verify?number=${number.toLowerCase()}`, locale);
      expect(await page.getByTestId("verify-verdict").getAttribute("data-verdict")).toBe("registered");
      expect(await text(page, '[data-testid="verify-verdict"]')).toBe(tr(locale, "catalog.verify.numberRegistered", { number }));
      await visit(page, "/verify", locale);
      await page.fill("#verify-sha-input", `0x${sha256.toUpperCase()}`);
      await Promise.all([page.waitForURL(/sha256=/), page.click('#verify-sha256 button[type="submit"]')]);
      await checkPage(page, locale);
      expect(await page.getByTestId("verify-verdict").getAttribute("data-verdict")).toBe("same");
      const match = page.locator(`[data-testid="verify-match"][data-number="${number}"]`).first();
      await match.waitFor();
      expect(await match.getByTestId("report-copy-link").getAttribute("href")).toBe(`/cases/new?work=${number}`);

      // A certificate file that was changed after signing: refused, the changed field named.
      const cert = (await (await new HttpClient().request(`/works/${number}/certificate.json`)).json()) as { record: Record<string, unknown> };
      await visit(page, "/verify/certificate", locale);
      await page
        .getByTestId("certificate-file")
        .setInputFiles({ name: "certificate.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(cert)) });
      await Promise.all([page.waitForLoadState("networkidle"), page.getByTestId("verify-submit").click()]);
      await page.locator('[data-testid="verify-result"][data-valid="true"]').waitFor();
      expect(await text(page, '[data-testid="verify-verdict"]')).toBe(tr(locale, "certificates.verifyPage.valid"));
      const changed = structuredClone(cert);
      changed.record.registeredAt = Number(changed.record.registeredAt) + 86_400;
      await page
        .getByTestId("certificate-file")
        .setInputFiles({ name: "changed.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(changed)) });
      await Promise.all([page.waitForLoadState("networkidle"), page.getByTestId("verify-submit").click()]);
      await page.locator('[data-testid="verify-result"][data-valid="false"]').waitFor();
      await checkPage(page, locale);
      const registry = page.getByTestId("registry-state");
      expect(await registry.getAttribute("data-state")).toBe("differs");
      expect(await registry.getAttribute("data-fields")).toBe("registeredAt");
      expect(await registry.innerText()).toContain(tr(locale, "certificates.verifyPage.registry.differsIn", { fields: "registeredAt" }));
      // The page explains offline checking on a page of the app, not a repository file.
      await Promise.all([page.waitForURL("**/verify/offline"), page.locator('a[href="/verify/offline"]').first().click()]);
      await checkPage(page, locale);
      expect(await text(page, "h1")).toBe(tr(locale, "certificates.offline.title"));
      expect(await text(page, '[data-testid="offline-signer"]')).toMatch(/^0x[0-9a-fA-F]{40}$/);
      expect(await page.locator("body").innerText()).not.toMatch(/docs\/|npm run|scripts\//);

      // The licence check: the form's example is a real licence number; an unknown one is refused kindly.
      await visit(page, "/verify/license", locale);
      const example = (await page.locator('input[name="number"]').first().getAttribute("placeholder")) ?? "";
      expect(isValidLicenseNumber(example), `example "${example}"`).toBe(true);
      expect((await page.goto("/verify/license/JDZL-2026-000001-X"))?.status()).toBe(400);
      await checkPage(page, locale);
      expect(await text(page, '[data-testid="license-not-found"]')).toBe(tr(locale, "licensing.verify.invalid"));

      // Without an account, the artisan's and the officer's actions send to the login page and change nothing.
      const anon = new HttpClient();
      for (const [path, form] of [
        ["/works/new", { intent: "submit", titleZh: "匿名" }],
        ["/officer/deals/KM-D-2026-000000", { intent: "approve" }],
      ] as const) {
        const r = await anon.request(path, { method: "POST", form: { ...form } });
        expect(r.status, path).toBe(302);
        expect(r.headers.get("location"), path).toMatch(/^\/login/);
      }

      // The menu takes a phone user back home.
      await page.getByTestId("mobile-menu-button").click();
      await page.getByTestId("mobile-menu").locator('a[href="/works"]').waitFor({ state: "visible" });
      await page.context().close();
    }, 120_000);
  }
});
