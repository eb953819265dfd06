/**
 * Certificates end to end in Chromium on the seeded demo: a visitor downloads a work's
 * certificate.json from the work page and the /verify/certificate page calls it valid; an officer
 * makes a batch on /officer/anchoring and the work page then shows "included in batch N".
 * The e2e server has no chain configured, so the batch stays pending and the page says so.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { DEMO, HttpClient, launchBrowser, loginAs, newPage, textOf, visible } from "./helpers";

describe("certificates in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("download certificate.json → verify it → officer batches it → the work page shows the batch", async () => {
    const html = await (await new HttpClient().request("/works")).text();
    const number = /\/works\/(JDZ-\d{4}-\d{6}-[0-9X])/.exec(html)?.[1];
    expect(number, "the demo seed has registered works").toBeTruthy();

    // 1. A visitor opens the work page: signed, not yet in a batch.
    const visitor = await newPage(browser, "en");
    await visitor.goto(`/works/${number}`);
    await visible(visitor, "certificate-status");
    expect(await textOf(visitor, '[data-testid="certificate-signature"]')).toContain("Signature valid");
    expect(await visitor.getByTestId("certificate-status").getAttribute("data-batch")).toBe("");

    // 2. Downloads certificate.json and uploads it on /verify/certificate.
    const [download] = await Promise.all([visitor.waitForEvent("download"), visitor.locator(`a[href="/works/${number}/certificate.json"]`).click()]);
    const file = await download.path();
    const parsed = JSON.parse(await readFile(file!, "utf8")) as { record: { registrationNumber: string }; merkle: unknown };
    expect(parsed.record.registrationNumber).toBe(number);
    expect(parsed.merkle).toBeNull();
    await visitor.goto("/verify/certificate");
    await visitor.getByTestId("certificate-file").setInputFiles(file!);
    await Promise.all([visitor.waitForLoadState("networkidle"), visitor.getByTestId("verify-submit").click()]);
    await visible(visitor, "verify-result");
    expect(await visitor.getByTestId("verify-result").getAttribute("data-valid")).toBe("true");
    expect(await textOf(visitor, '[data-testid="verify-verdict"]')).toBe("This certificate is valid.");
    expect(await visitor.getByTestId("registry-state").getAttribute("data-state")).toBe("matches");
    expect(await visitor.getByTestId("check-signature").getAttribute("data-ok")).toBe("true");

    // A changed file is refused, with the reason in plain words.
    const tampered = JSON.parse(await readFile(file!, "utf8")) as { record: { registeredAt: number } };
    tampered.record.registeredAt += 1;
    await visitor
      .getByTestId("certificate-file")
      .setInputFiles({ name: "tampered.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(tampered)) });
    await Promise.all([visitor.waitForLoadState("networkidle"), visitor.getByTestId("verify-submit").click()]);
    await visitor.locator('[data-testid="verify-result"][data-valid="false"]').waitFor();
    expect(await textOf(visitor, '[data-testid="verify-verdict"]')).toContain("The signature does not match");
    expect(await visitor.getByTestId("registry-state").getAttribute("data-state")).toBe("differs");

    // The PDF downloads too.
    const pdf = await new HttpClient().request(`/works/${number}/certificate.pdf`);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");

    // 3. An officer makes a batch now; no chain is configured, so it stays pending.
    const officer = await newPage(browser, "zh-CN");
    await loginAs(officer, DEMO.officer);
    await officer.goto("/officer/anchoring");
    // The officer works in Chinese: assert on data attributes and the Chinese wording.
    expect(await officer.getByTestId("anchor-config").getAttribute("data-configured")).toBe("false");
    await Promise.all([officer.waitForLoadState("networkidle"), officer.getByTestId("make-batch").click()]);
    const message = await textOf(officer, '[data-testid="anchor-message"]');
    const seq = await officer.getByTestId("anchor-message").getAttribute("data-seq");
    expect(seq, message).toMatch(/^\d+$/);
    expect(message).toContain(`已生成第 ${seq} 批次`);
    await officer.locator(`[data-testid="batch-${seq}"][data-status="pending"]`).waitFor();
    await Promise.all([officer.waitForLoadState("networkidle"), officer.getByTestId("anchor-now").click()]);
    await officer.getByTestId("anchor-message").filter({ hasText: "批次保持待存证" }).waitFor();

    // 4. The work page now shows the batch, proof checked, waiting for a chain.
    await visitor.goto(`/works/${number}`);
    await visible(visitor, "certificate-status");
    expect(await visitor.getByTestId("certificate-status").getAttribute("data-batch")).toBe(seq);
    expect(await textOf(visitor, '[data-testid="certificate-batch"]')).toContain(`Included in batch ${seq} (proof checked).`);
    expect(await textOf(visitor, '[data-testid="certificate-anchor"]')).toContain("no chain is configured");

    // And the downloaded file now carries the proof.
    const again = (await (await new HttpClient().request(`/api/v1/certificates/${number}`)).json()) as { merkle: { batchSeq: number } | null };
    expect(again.merkle?.batchSeq).toBe(Number(seq));
  }, 120_000);
});
