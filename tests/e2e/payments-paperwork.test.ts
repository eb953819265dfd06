/**
 * Money paperwork in Chromium: after approval the licensee says "I have paid" with a transfer
 * slip, the officer finds the payment at the top of the queue with the slip, confirms it, and the
 * licensee downloads the receipt — whose text (read back with pdftotext) names the amount, fee,
 * the exchange center's bank account (set by the e2e global setup), deal and licence numbers.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { DEMO, HttpClient, launchBrowser, loginAs, newPage, textOf, visible } from "./helpers";

function pdfText(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `kilnmark-e2e-receipt-${process.pid}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe("payment paperwork in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("licensee marks paid with a slip → officer sees it first and confirms → licensee downloads the receipt", async () => {
    const licensee = await newPage(browser, "en");
    await loginAs(licensee, DEMO.licensee);
    await licensee.goto("/offers?exclusivity=non_exclusive&field=stationery");
    await visible(licensee, "offer-card");
    await Promise.all([licensee.waitForURL(/\/offers\/[a-z0-9]+$/), licensee.getByTestId("offer-card").first().locator("a").first().click()]);
    await licensee.fill('#request-form textarea[name="message"]', "E2E receipt");
    await Promise.all([licensee.waitForURL(/\/deals\/KM-D-/), licensee.getByTestId("request-submit").click()]);
    const reference = await textOf(licensee, '[data-testid="deal-reference"]');

    const officer = await newPage(browser, "en");
    await loginAs(officer, DEMO.officer);
    await officer.goto(`/officer/deals/${reference}`);
    // The e2e server has bank details configured: no "offline settlement disabled" notice.
    expect(await officer.getByTestId("offline-disabled").count()).toBe(0);
    await Promise.all([officer.waitForLoadState("networkidle"), officer.getByTestId("approve").click()]);
    await officer.locator('[data-testid="deal-status"][data-status="approved"]').waitFor();

    // The licensee sees real bank details (never a placeholder) and says "I have paid" with a slip.
    await licensee.reload();
    await visible(licensee, "bank-instructions");
    const instructions = await textOf(licensee, '[data-testid="bank-instructions"]');
    expect(instructions).toContain("6222 0000 1111 2222");
    expect(instructions).not.toMatch(/\(set /);
    // Bad slips through the real multipart reader: refused with a status and a message, nothing recorded.
    const paymentId = await licensee.getByTestId("mark-paid-form").locator('input[name="paymentId"]').getAttribute("value");
    const http = new HttpClient();
    await http.login(DEMO.licensee);
    const post = (file: Blob, name: string) => {
      const body = new FormData();
      body.set("intent", "paid");
      body.set("paymentId", paymentId!);
      body.set("slip", file, name);
      return http.request(`/deals/${reference}`, { method: "POST", body });
    };
    const notSlip = await post(new Blob(["not a slip"], { type: "text/plain" }), "slip.txt");
    expect(notSlip.status).toBe(415);
    expect(await notSlip.text()).toMatch(/JPEG|PDF/);
    // Refused while it streams: a 413, or — when the server's answer and close beat the client's
    // last bytes — a connection the client sees reset (EPIPE/ECONNRESET). Either way nothing is stored.
    const huge = await post(
      new Blob([Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(11 * 1024 * 1024)])], { type: "application/pdf" }),
      "huge.pdf",
    ).then(
      (r) => r.status,
      (e: unknown) => String((e as { cause?: { code?: string } })?.cause?.code ?? e),
    );
    expect([413, "EPIPE", "ECONNRESET"]).toContain(huge);
    await licensee.reload();
    expect(await licensee.getByTestId("paid-waiting").count()).toBe(0);

    const slip = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#cc3344" } })
      .png()
      .toBuffer();
    await licensee.getByTestId("mark-paid-form").locator('input[name="slip"]').setInputFiles({ name: "transfer.png", mimeType: "image/png", buffer: slip });
    await Promise.all([licensee.waitForLoadState("networkidle"), licensee.getByTestId("mark-paid").click()]);
    await visible(licensee, "paid-waiting");
    await visible(licensee, "reported-paid");
    expect(await licensee.getByTestId("mark-paid-form").count()).toBe(0);
    expect(await licensee.getByTestId("receipt-link").count()).toBe(0); // not confirmed yet

    // The officer's queue lists it first, reported paid, with the slip.
    await officer.goto("/officer/deals");
    const first = officer.getByTestId("awaiting-item").first();
    expect(await first.getAttribute("data-reported")).toBe("yes");
    expect(await first.textContent()).toContain(reference);
    const slipHref = await first.getByTestId("slip-link").getAttribute("href");
    const slipRes = await officer.request.get(slipHref!);
    expect(slipRes.status()).toBe(200);
    expect(slipRes.headers()["content-type"]).toBe("image/png");
    expect(Buffer.compare(await slipRes.body(), slip)).toBe(0);
    // The artisan side and strangers do not get the licensee's slip.
    const stranger = new HttpClient();
    await stranger.login(DEMO.licensee2);
    expect((await stranger.request(slipHref!)).status).toBe(404);

    // The officer confirms the amount due.
    await officer.goto(`/officer/deals/${reference}`);
    await visible(officer, "reported-paid");
    const form = officer.getByTestId("confirm-payment-form");
    const due = /¥[\d,]+\.\d{2}/.exec((await form.textContent()) ?? "")![0];
    await form.locator('input[name="amount"]').fill(due);
    await Promise.all([officer.waitForLoadState("networkidle"), officer.getByTestId("confirm-payment").click()]);
    await officer.locator('[data-testid="deal-status"][data-status="active"]').waitFor();
    const licenseNumber = await textOf(officer, '[data-testid="license-number"]');

    // The licensee downloads the receipt from the payments table.
    await licensee.reload();
    const href = await licensee.getByTestId("receipt-link").getAttribute("href");
    expect(href).toMatch(new RegExp(`^/deals/${reference}/receipts/[a-z0-9]+\\.pdf$`));
    const [download] = await Promise.all([licensee.waitForEvent("download"), licensee.getByTestId("receipt-link").click()]);
    expect(download.suggestedFilename()).toBe(`${reference}-R1.receipt.pdf`);
    const pdf = fs.readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = pdfText(pdf);
    for (const s of [
      "付款收据",
      "Payment Receipt",
      reference,
      licenseNumber,
      `${due} CNY`,
      "6222 0000 1111 2222",
      "Demo Bank, Jingdezhen Branch",
      "(UTC+8)",
      "Bank transfer",
    ]) {
      expect(text, s).toContain(s);
    }
    // A stranger gets the same 404 as for a missing receipt.
    expect((await stranger.request(href!)).status).toBe(404);

    // Staff (and the work's managers) see the payout statement: gross = fee + net.
    await officer.goto(`/deals/${reference}`);
    await visible(officer, "payout-statement");
    const row = officer.getByTestId("payout-row").first();
    expect(await row.getAttribute("data-status")).toBe("due");
    const [gross, fee, net] = await Promise.all(["data-gross-fen", "data-fee-fen", "data-net-fen"].map(async (a) => Number(await row.getAttribute(a))));
    expect(Number.isInteger(gross) && Number.isInteger(fee) && Number.isInteger(net)).toBe(true);
    expect(fee + net).toBe(gross);
    expect(fee).toBeGreaterThan(0);
    const statement = await officer.request.get(`/deals/${reference}/payout-statement.pdf`);
    expect(statement.status()).toBe(200);
    expect(pdfText(await statement.body())).toContain(reference);
    // The licensee has no payout statement.
    expect(await licensee.getByTestId("payout-statement").count()).toBe(0);
    expect((await licensee.request.get(`/deals/${reference}/payout-statement.pdf`)).status()).toBe(404);
    for (const p of [licensee, officer]) await p.context().close();
  });
});
