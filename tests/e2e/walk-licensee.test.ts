/**
 * Walk: a licensee on a phone (390 × 844), in Chinese and in English. Offers with the work's
 * picture → a request for next year (the last licensed day typed as people think of it) → the
 * officer approves → bank details and "what happens next" → "I have paid": a bad slip is refused
 * in the page's language with nothing recorded, the retry with a real slip is recorded once (a
 * replayed submit changes nothing) → the officer confirms → the licence is granted but not yet in
 * force ("scheduled") on the deal page, /verify/license and the API, every document agrees on the
 * inclusive last day, the home counter counts only licences in force, and the receipt PDF names
 * amount, deal and licence. A licensee posting an officer's action gets 403 and changes nothing.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { DEMO, HttpClient, launchBrowser, restoreDemoLanguage, scalarFromDb } from "./helpers";
import { formatDate } from "~/utils/i18n";
import { LOCALES, checkPage, httpAs, loadedImages, pdfText, phone, signIn, text, tr, visit } from "./walk-helpers";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await restoreDemoLanguage(DEMO.licensee, DEMO.officer);
  await browser?.close();
});

const year = new Date().getUTCFullYear() + 1; // the seeded stationery offer runs through next year
const START = `${year}-01-01`;
const LAST_DAY = `${year}-12-31`;
const EXCLUSIVE_END = `${year + 1}-01-01`;

describe("walk: licensee", () => {
  for (const locale of LOCALES) {
    it(`offers with pictures → request → pay with slip → scheduled licence, one last day everywhere → receipt (${locale})`, async () => {
      const page = await phone(browser, locale);
      await signIn(page, DEMO.licensee, locale);
      await visit(page, "/", locale);
      const inForce = Number(await text(page, '[data-testid="count-activeLicenses"]'));

      // Offers show each work's picture (or a neutral tile for a sealed work).
      await visit(page, "/offers?exclusivity=non_exclusive&field=stationery", locale);
      const card = page.getByTestId("offer-card").first();
      await card.waitFor();
      expect(await loadedImages(page, '[data-testid="offer-card"] img[data-testid="work-picture"]')).toBeGreaterThan(0);
      await Promise.all([page.waitForURL(/\/offers\/[a-z0-9]+$/), card.locator("a").first().click()]);
      await checkPage(page, locale);
      await page.locator('[data-testid="work-picture"], [data-testid="work-picture-tile"]').first().waitFor();
      const fee = await text(page, '[data-testid="offer-fee"]');
      expect(fee).toMatch(/^¥[\d,]+\.\d{2}$/);

      // Request next year only; the form asks for the last licensed day.
      await page.fill("#termStart", START);
      await page.fill("#termLastDay", LAST_DAY);
      await page.fill('#request-form textarea[name="message"]', `walk ${locale}`);
      await Promise.all([page.waitForURL(/\/deals\/KM-D-/), page.getByTestId("request-submit").click()]);
      await checkPage(page, locale);
      const reference = await text(page, '[data-testid="deal-reference"]');
      expect(await page.getByTestId("deal-status").getAttribute("data-status")).toBe("requested");
      await page.getByTestId("deal-next-step").waitFor();
      // The terms in words, the last day included ("… to 31 December 2027 inclusive").
      const longDay = (iso: string) =>
        new Intl.DateTimeFormat(locale === "zh-CN" ? "zh-CN" : "en-GB", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
      expect(await page.locator("body").innerText()).toContain(tr(locale, "licensing.summary.term", { start: longDay(START), end: longDay(LAST_DAY) }));

      // The officer approves (the other party, over HTTP).
      const officer = await httpAs(DEMO.officer, locale);
      expect((await officer.request(`/officer/deals/${reference}`, { method: "POST", form: { intent: "approve" } })).status).toBe(302);

      // Bank details, never a placeholder, and what happens next.
      await page.reload();
      await checkPage(page, locale);
      expect(await page.getByTestId("deal-status").getAttribute("data-status")).toBe("approved");
      const shortDay = (iso: string) => formatDate(`${iso}T00:00:00Z`, locale);
      // What happens next: pay before the term starts on 1 January.
      expect(await page.getByTestId("deal-next-step").getAttribute("data-kind")).toBe("pay");
      expect(await text(page, '[data-testid="deal-next-step"] p')).toBe(tr(locale, "nextsteps.deal.payBy", { date: shortDay(START) }));
      expect(await text(page, '[data-testid="bank-account-number"]')).toBe("6222 0000 1111 2222");
      expect(await text(page, '[data-testid="bank-instructions"]')).toContain(reference);
      const paymentId = (await page.getByTestId("mark-paid-form").locator('input[name="paymentId"]').getAttribute("value"))!;

      // A licensee cannot use the officer's confirmation: 403, the payment stays pending.
      const self = await httpAs(DEMO.licensee, locale);
      const forbidden = await self.request(`/officer/deals/${reference}`, {
        method: "POST",
        form: { intent: "confirm_payment", paymentId, amount: fee, receivedOn: new Date().toISOString().slice(0, 10) },
      });
      expect(forbidden.status).toBe(403);
      expect(await scalarFromDb(`SELECT COUNT(*) FROM "Payment" WHERE "id" = '${paymentId}' AND "status" = 'pending'`)).toBe(1);

      // "I have paid" with a text file as the slip: refused in the page's language, nothing recorded.
      const form = page.getByTestId("mark-paid-form");
      await form.locator('input[name="slip"]').setInputFiles({ name: "slip.txt", mimeType: "text/plain", buffer: Buffer.from("not a slip") });
      await Promise.all([page.waitForLoadState("networkidle"), page.getByTestId("mark-paid").click()]);
      expect(await text(page, '[data-testid="form-error"]')).toBe(tr(locale, "payments.error.slipType"));
      await checkPage(page, locale);
      await page.reload();
      expect(await page.getByTestId("paid-waiting").count()).toBe(0);

      // The retry with a real slip is recorded; the same submit replayed changes nothing.
      const slip = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#3355aa" } })
        .png()
        .toBuffer();
      await page.getByTestId("mark-paid-form").locator('input[name="slip"]').setInputFiles({ name: "transfer.png", mimeType: "image/png", buffer: slip });
      await Promise.all([page.waitForLoadState("networkidle"), page.getByTestId("mark-paid").click()]);
      await page.getByTestId("paid-waiting").waitFor();
      await checkPage(page, locale);
      const replay = new FormData();
      replay.set("intent", "paid");
      replay.set("paymentId", paymentId);
      replay.set("slip", new Blob([slip], { type: "image/png" }), "transfer.png");
      const again = await self.request(`/deals/${reference}`, { method: "POST", body: replay });
      expect(again.status).toBe(409);
      expect(await again.text()).toContain(tr(locale, "payments.error.alreadyReported"));
      await page.reload();
      expect(await page.getByTestId("reported-paid").count()).toBe(1);
      expect(await page.getByTestId("slip-link").count()).toBe(1);
      expect(await scalarFromDb(`SELECT COUNT(*) FROM "AuditEvent" WHERE "action" = 'payment.reported_paid' AND "entityId" = '${paymentId}'`)).toBe(1);

      // The officer confirms the money; the licence is granted but starts next year.
      const confirm = await officer.request(`/officer/deals/${reference}`, {
        method: "POST",
        form: { intent: "confirm_payment", paymentId, amount: fee, receivedOn: new Date().toISOString().slice(0, 10) },
      });
      expect(confirm.status).toBe(302);
      await page.reload();
      await checkPage(page, locale);
      const status = page.getByTestId("deal-status");
      expect(await status.getAttribute("data-status")).toBe("scheduled");
      expect(await status.innerText()).toBe(tr(locale, "licensing.deal.state.scheduled"));
      const licenseNumber = await text(page, '[data-testid="license-number"]');
      // Not "in force until the stored end": granted, starting on the first day, with its last day.
      expect(await page.getByTestId("deal-next-step").getAttribute("data-kind")).toBe("scheduled");
      expect(await text(page, '[data-testid="deal-next-step"] p')).toBe(
        tr(locale, "nextsteps.deal.scheduled", { start: shortDay(START), date: shortDay(LAST_DAY) }),
      );
      expect(licenseNumber).toMatch(/^JDZL-\d{4}-\d{6}-[0-9A-Z]$/);

      // One last day on every document: licence PDF, licence JSON, public check, API.
      const licencePdf = pdfText(Buffer.from(await (await page.request.get(`/deals/${reference}/license.pdf`)).body()));
      expect(licencePdf).toContain(LAST_DAY);
      expect(licencePdf).not.toContain(EXCLUSIVE_END);
      await Promise.all([page.waitForURL(`**/verify/license/${licenseNumber}`), page.locator(`a[href="/verify/license/${licenseNumber}"]`).first().click()]);
      await checkPage(page, locale);
      expect(await page.getByTestId("license-result").getAttribute("data-status")).toBe("scheduled");
      expect(await text(page, '[data-testid="license-status"]')).toBe(tr(locale, "licensing.verify.status.scheduled"));
      expect(await text(page, '[data-testid="license-result"]')).toContain(`${START} – ${LAST_DAY}`);
      const api = (await (await new HttpClient().request(`/api/v1/licenses/${licenseNumber}`)).json()) as {
        license: { status: string; term: { start: string; lastDay: string } };
      };
      expect(api.license.status).toBe("scheduled");
      expect(api.license.term).toMatchObject({ start: START, lastDay: LAST_DAY });

      // The home counter counts licences in force only: a scheduled one is not.
      await visit(page, "/", locale);
      expect(Number(await text(page, '[data-testid="count-activeLicenses"]'))).toBe(inForce);

      // The receipt: amount, deal and licence numbers, the exchange center's bank.
      await visit(page, `/deals/${reference}`, locale);
      const href = (await page.getByTestId("receipt-link").getAttribute("href"))!;
      const receipt = pdfText(Buffer.from(await (await page.request.get(href)).body()));
      for (const s of [reference, licenseNumber, `${fee} CNY`, "6222 0000 1111 2222"]) expect(receipt, s).toContain(s);
      // The licensee sees no payout statement (that is the artisan's).
      expect(await page.getByTestId("payout-statement").count()).toBe(0);
      await page.context().close();
    }, 150_000);
  }
});
