/**
 * Licensing end to end in Chromium: a licensee requests a licence from a published offer, an
 * officer of the exchange center approves it and confirms the bank transfer, and the public
 * licence check shows it in force. Runs on the seeded demo (offers on registered demo works).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { DEMO, HttpClient, launchBrowser, loginAs, newPage, textOf, visible } from "./helpers";

describe("licensing in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("request → approval → offline settlement → licence shown as active by the public check", async () => {
    // 1. The licensee finds a non-exclusive stationery offer and requests it, narrowed.
    const licensee = await newPage(browser, "en");
    await loginAs(licensee, DEMO.licensee);
    await licensee.goto("/offers?exclusivity=non_exclusive&field=stationery");
    await visible(licensee, "offer-card");
    await Promise.all([licensee.waitForURL(/\/offers\/[a-z0-9]+$/), licensee.getByTestId("offer-card").first().locator("a").first().click()]);
    // The plain-words summary is there in the viewer's language (PopClay prefers Chinese).
    expect(await textOf(licensee, '[data-testid="terms-summary"] li')).toContain("普通许可");
    await visible(licensee, "company-details");
    await licensee.uncheck('#request-form input[name="fields"][value="digital"]');
    await licensee.fill('#request-form textarea[name="message"]', "E2E notebooks");
    await Promise.all([licensee.waitForURL(/\/deals\/KM-D-/), licensee.getByTestId("request-submit").click()]);
    const reference = await textOf(licensee, '[data-testid="deal-reference"]');
    expect(reference).toMatch(/^KM-D-\d{4}-[0-9A-Z]{6}$/);
    expect(await licensee.getByTestId("deal-status").getAttribute("data-status")).toBe("requested");

    // 2. An officer sees it in the queue with the automatic checks passed, and approves.
    const officer = await newPage(browser, "en");
    await loginAs(officer, DEMO.officer);
    await officer.goto("/officer/deals");
    const item = officer.getByTestId("queue-item").filter({ hasText: reference });
    await item.waitFor();
    expect(await item.locator('[data-check="fail"]').count()).toBe(0);
    await Promise.all([officer.waitForURL(`**/officer/deals/${reference}`), item.getByRole("link", { name: reference }).click()]);
    await Promise.all([officer.waitForLoadState("networkidle"), officer.getByTestId("approve").click()]);
    await officer.locator('[data-testid="deal-status"][data-status="approved"]').waitFor();

    // 3. The licensee sees the bank-transfer instructions with the deal reference.
    await licensee.reload();
    await visible(licensee, "bank-instructions");
    expect(await textOf(licensee, '[data-testid="bank-instructions"]')).toContain(reference);

    // 4. The officer confirms receipt of exactly the amount due; a wrong amount is refused.
    const form = officer.getByTestId("confirm-payment-form");
    const due = /¥[\d,]+\.\d{2}/.exec((await form.textContent()) ?? "")![0];
    await form.locator('input[name="amount"]').fill("1.00");
    await Promise.all([officer.waitForLoadState("networkidle"), officer.getByTestId("confirm-payment").click()]);
    await visible(officer, "form-error");
    await officer.getByTestId("confirm-payment-form").locator('input[name="amount"]').fill(due);
    await Promise.all([officer.waitForLoadState("networkidle"), officer.getByTestId("confirm-payment").click()]);
    await officer.locator('[data-testid="deal-status"][data-status="active"]').waitFor();
    const licenseNumber = await textOf(officer, '[data-testid="license-number"]');
    expect(licenseNumber).toMatch(/^JDZL-\d{4}-\d{6}-[0-9A-Z]$/);

    // 5. The licensee downloads the licence certificate (PDF and signed JSON); the JSON verifies
    //    on /verify/certificate, a tampered copy does not.
    await licensee.reload();
    const pdf = await licensee.request.get(`/deals/${reference}/license.pdf`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const certRes = await licensee.request.get(`/deals/${reference}/license.json`);
    expect(certRes.status()).toBe(200);
    const certificate = (await certRes.json()) as { record: Record<string, unknown> };
    expect(JSON.stringify(certificate.record)).toContain(licenseNumber);
    await licensee.goto("/verify/certificate");
    await licensee
      .getByTestId("certificate-file")
      .setInputFiles({ name: "license.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(certificate)) });
    await Promise.all([licensee.waitForLoadState("networkidle"), licensee.getByTestId("verify-submit").click()]);
    await licensee.getByTestId("verify-result").waitFor();
    expect(await licensee.getByTestId("verify-result").getAttribute("data-valid")).toBe("true");
    const tampered = JSON.parse(JSON.stringify(certificate)) as { record: Record<string, unknown> };
    expect(tampered.record.exclusivity).toBe("non_exclusive");
    tampered.record.exclusivity = "exclusive"; // a licensee claiming more than it was granted
    await licensee
      .getByTestId("certificate-file")
      .setInputFiles({ name: "tampered.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(tampered)) });
    await Promise.all([licensee.waitForLoadState("networkidle"), licensee.getByTestId("verify-submit").click()]);
    await licensee.locator('[data-testid="verify-result"][data-valid="false"]').waitFor();

    // 6. Anyone can check the licence, by form and by URL, and through the API.
    const anon = await newPage(browser, "en");
    await anon.goto("/verify/license");
    await anon.fill('#verify-license input[name="number"]', licenseNumber.toLowerCase());
    await Promise.all([anon.waitForURL(`**/verify/license/${licenseNumber}`), anon.click('#verify-license button[type="submit"]')]);
    expect(await anon.getByTestId("license-result").getAttribute("data-status")).toBe("active");
    expect(await textOf(anon, '[data-testid="license-licensee"]')).toBe("PopClay Toys Ltd.");
    expect(await textOf(anon, '[data-testid="license-status"]')).toBe("In force");

    const api = new HttpClient();
    const res = await api.request(`/api/v1/licenses/${licenseNumber}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      license: { status: string; fields: string[]; licensee: { companyName: string }; work: { registrationNumber: string } };
    };
    expect(body.license).toMatchObject({ status: "active", fields: ["stationery", "packaging"], licensee: { companyName: "PopClay Toys Ltd." } });
    expect(body.license.work.registrationNumber).toMatch(/^JDZ-/);
    const bad = await api.request("/api/v1/licenses/JDZL-2026-000001-X");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_license_number");

    // 7. Both parties were told, in the inbox.
    await licensee.goto("/notifications");
    expect(await textOf(licensee, '[data-testid="notifications"]')).toContain(licenseNumber);
    for (const p of [licensee, officer, anon]) await p.context().close();
  });

  it("shows the seeded active licence and refuses a deal page to a stranger", async () => {
    const tablefine = new HttpClient();
    await tablefine.login(DEMO.licensee2);
    const dash = await (await tablefine.request("/dashboard")).text();
    const ref = /\/deals\/(KM-D-\d{4}-[0-9A-Z]{6})/.exec(dash)![1];
    const n = /JDZL-\d{4}-\d{6}-[0-9A-Z]/.exec(dash)![0];
    const page = await newPage(browser, "zh-CN");
    await page.goto(`/verify/license/${n}`);
    expect(await textOf(page, '[data-testid="license-status"]')).toBe("有效");
    expect(await textOf(page, '[data-testid="license-licensee"]')).toBe("Tablefine GmbH");
    await loginAs(page, DEMO.licensee);
    const res = await page.goto(`/deals/${ref}`);
    expect(res?.status()).toBe(404);
    await page.context().close();
  });
});
