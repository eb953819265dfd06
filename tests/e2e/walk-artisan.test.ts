/**
 * Walk: an artisan on a phone (390 × 844), in Chinese and in English. The work form refuses a
 * wrong photo type in the browser, takes a dropped photo with per-file progress, and a double
 * click on "submit" makes one work; the artisan's work page shows everything entered; /my/works
 * finds it by text and status; an artisan posting the officer's "register" gets 403 and nothing
 * changes. Then money: a licensee pays for a licence on the artisan's work, an officer confirms it
 * and records the payout to the artisan (day and bank reference), and the artisan's payout
 * statement (page and PDF) shows gross, fee, net, "paid out" with that day and reference.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { DEMO, launchBrowser, loginAs, newPage, restoreDemoLanguage, scalarFromDb } from "./helpers";
import { LOCALES, checkPage, httpAs, pdfText, phone, signIn, text, tr, visit } from "./walk-helpers";
import { countFormPosts, dropPhoto, pickWrongType, recordUploadProgress } from "./upload-helpers";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await restoreDemoLanguage(DEMO.artisan3, DEMO.artisan2, DEMO.officer, DEMO.licensee);
  await browser?.close();
});

describe("walk: artisan", () => {
  for (const [i, locale] of LOCALES.entries()) {
    it(`work form (type check, drop, progress, one work on double click) → my works → 403 on register (${locale})`, async () => {
      const page = await phone(browser, locale);
      await signIn(page, DEMO.artisan3, locale);
      await visit(page, "/dashboard", locale);
      await visit(page, "/works/new", locale);
      const title = `漫步 ${locale} ${Date.now().toString(36)}`;
      await page.fill("#titleZh", title);
      await page.fill("#titleEn", `Walk ${locale}`);
      await page.selectOption("#category", "vase");
      await page.fill('input[name="authors[0].name"]', "徐玲珑");
      const posts = countFormPosts(page);

      // A wrong type is refused before anything is sent, in the page's language.
      await pickWrongType(page, "front");
      await page.locator('button[name="intent"][value="submit"]').click();
      const problem = await text(page, '[data-testid="file-problems-front"]');
      expect(problem).toContain("logo.svg");
      expect(posts()).toBe(0);
      await checkPage(page, locale);

      // A photo dropped onto the front view replaces it; submitting shows per-file progress.
      const photo = await generateCeramicImage(770_000 + i * 7 + (Date.now() % 1000) * 10, "blue-and-white");
      await dropPhoto(page, "front", photo, "front.png");
      expect(await page.getByTestId("file-problems-front").count()).toBe(0);
      const progress = await recordUploadProgress(page);
      // A double click sends the form once: one work.
      await Promise.all([
        page.waitForURL(/\/my\/works\/[a-z0-9]+\?submitted=1$/, { timeout: 60_000 }),
        page.locator('button[name="intent"][value="submit"]').dblclick(),
      ]);
      expect(posts()).toBe(1);
      expect(await scalarFromDb(`SELECT COUNT(*) FROM "Work" WHERE "titleZh" = '${title}'`)).toBe(1);
      expect((await progress()).length).toBeGreaterThan(0);
      await checkPage(page, locale);
      const workPath = new URL(page.url()).pathname;
      const workId = workPath.split("/").pop()!;

      // The artisan's own work page shows what was entered.
      expect(await text(page, '[data-testid="entered-title-zh"]')).toContain(title);
      expect(await text(page, '[data-testid="entered-title-en"]')).toContain(`Walk ${locale}`);
      expect(await text(page, '[data-testid="entered-author"]')).toContain("徐玲珑");
      expect(await page.getByTestId("work-view").count()).toBe(1);
      expect(await text(page, '[data-testid="work-status"]')).toBe(tr(locale, "works.status.submitted"));

      // My works: found by its title and by status, exactly once.
      await visit(page, `/my/works?q=${encodeURIComponent(title)}`, locale);
      expect(await page.getByTestId("my-work").count()).toBe(1);
      expect(await text(page, '[data-testid="work-count"]')).toBe(tr(locale, "worklist.count", { count: 1 }));
      await page.getByTestId("work-filter-status").selectOption("registered");
      await Promise.all([page.waitForURL(/status=registered/), page.getByTestId("work-filter-apply").click()]);
      await checkPage(page, locale);
      expect(await page.getByTestId("my-work").count()).toBe(0);

      // An artisan cannot register a work through the officer's page: 403, still submitted.
      const self = await httpAs(DEMO.artisan3, locale);
      const r = await self.request(`/officer/examination/${workId}`, { method: "POST", form: { intent: "register" } });
      expect(r.status).toBe(403);
      await page.goto(workPath);
      expect(await text(page, '[data-testid="work-status"]')).toBe(tr(locale, "works.status.submitted"));
      await page.context().close();
    }, 150_000);

    it(`payout statement: officer records the payout, the artisan sees it on page and PDF (${locale})`, async () => {
      // A licensee requests the stationery offer (artisan.zhou's work) and the officer settles it.
      const licensee = await newPage(browser, locale);
      await loginAs(licensee, DEMO.licensee);
      await licensee.goto("/offers?exclusivity=non_exclusive&field=stationery");
      await Promise.all([licensee.waitForURL(/\/offers\/[a-z0-9]+$/), licensee.getByTestId("offer-card").first().locator("a").first().click()]);
      const fee = await text(licensee, '[data-testid="offer-fee"]');
      await licensee.fill('#request-form textarea[name="message"]', `payout walk ${locale}`);
      await Promise.all([licensee.waitForURL(/\/deals\/KM-D-/), licensee.getByTestId("request-submit").click()]);
      const reference = await text(licensee, '[data-testid="deal-reference"]');
      const officerHttp = await httpAs(DEMO.officer, locale);
      expect((await officerHttp.request(`/officer/deals/${reference}`, { method: "POST", form: { intent: "approve" } })).status).toBe(302);
      await licensee.reload();
      const paymentId = (await licensee.getByTestId("mark-paid-form").locator('input[name="paymentId"]').getAttribute("value"))!;
      const today = new Date().toISOString().slice(0, 10);
      expect(
        (
          await officerHttp.request(`/officer/deals/${reference}`, {
            method: "POST",
            form: { intent: "confirm_payment", paymentId, amount: fee, receivedOn: today },
          })
        ).status,
      ).toBe(302);
      await licensee.context().close();

      // Before the payout: the artisan's statement says it is due from the exchange center.
      const artisan = await phone(browser, locale);
      await signIn(artisan, DEMO.artisan2, locale);
      await visit(artisan, `/deals/${reference}`, locale);
      const row = artisan.getByTestId("payout-row").first();
      expect(await row.getAttribute("data-status")).toBe("due");
      const [gross, fee_, net] = await Promise.all(["data-gross-fen", "data-fee-fen", "data-net-fen"].map(async (a) => Number(await row.getAttribute(a))));
      expect(fee_ + net).toBe(gross);
      expect(await row.innerText()).toContain(tr(locale, "payments.payout.status.due"));
      // The artisan cannot record a payout to themself.
      const artisanHttp = await httpAs(DEMO.artisan2, locale);
      expect(
        (
          await artisanHttp.request(`/officer/deals/${reference}`, {
            method: "POST",
            form: { intent: "record_payout", paymentId, payoutMadeOn: today, payoutReference: "SELF" },
          })
        ).status,
      ).toBe(403);

      // The officer records it in the browser: an empty reference is refused, then it is recorded once.
      const officer = await phone(browser, locale);
      await signIn(officer, DEMO.officer, locale);
      await visit(officer, `/officer/deals/${reference}`, locale);
      const form = officer.getByTestId("record-payout-form");
      expect(await form.innerText()).toContain(tr(locale, "payments.payout.record.title"));
      await form.locator('input[name="payoutReference"]').fill("   ");
      await form.locator('input[name="payoutReference"]').evaluate((i: HTMLInputElement) => i.removeAttribute("required"));
      await officer.getByTestId("record-payout").click();
      await officer.getByText(tr(locale, "payments.error.payoutReferenceMissing")).waitFor();
      expect(await text(officer, '[data-testid="form-error"]')).toBe(tr(locale, "licensing.form.fixErrors"));
      const bankRef = `ICBC-${today.replaceAll("-", "")}-${locale === "en" ? "EN" : "ZH"}${Date.now() % 10_000}`;
      await officer.getByTestId("record-payout-form").locator('input[name="payoutReference"]').fill(bankRef);
      await Promise.all([officer.waitForURL(/#payments$/), officer.getByTestId("record-payout").click()]);
      await officer.getByTestId("payout-made").waitFor();
      await checkPage(officer, locale);
      expect(await officer.getByTestId("record-payout-form").count()).toBe(0);
      // A replayed submit records nothing more.
      const replay = await officerHttp.request(`/officer/deals/${reference}`, {
        method: "POST",
        form: { intent: "record_payout", paymentId, payoutMadeOn: today, payoutReference: "AGAIN" },
      });
      expect(replay.status).toBe(409);
      expect(await scalarFromDb(`SELECT COUNT(*) FROM "AuditEvent" WHERE "action" = 'payment.payout_made' AND "entityId" = '${paymentId}'`)).toBe(1);
      // The audit log names the event in the page's language.
      await visit(officer, "/officer/audit", locale);
      expect(await officer.locator("body").innerText()).toContain(tr(locale, "audit.action.payment.payout_made"));
      await officer.context().close();

      // The artisan's statement: paid out, with the day and the reference; the PDF agrees.
      await artisan.reload();
      await checkPage(artisan, locale);
      const paid = artisan.getByTestId("payout-row").first();
      expect(await paid.getAttribute("data-status")).toBe("paid");
      expect(await paid.innerText()).toContain(tr(locale, "payments.payout.status.paid"));
      expect(await text(artisan, '[data-testid="payout-statement"] [data-testid="payout-made"]')).toContain(bankRef);
      expect(await artisan.locator("body").innerText()).not.toContain("AGAIN");
      const statement = pdfText(Buffer.from(await (await artisan.request.get(`/deals/${reference}/payout-statement.pdf`)).body()));
      for (const s of [
        reference,
        tr("en", "payments.payout.madeOn", { date: today, reference: bankRef }),
        tr("zh-CN", "payments.payout.madeOn", { date: today, reference: bankRef }),
      ])
        expect(statement, s).toContain(s);
      await artisan.context().close();
    }, 150_000);
  }
});
