/**
 * Motif matching end to end in Chromium, on the seeded demo: a registered work's photo cropped
 * 12%, rotated 7° and padded (PDQ finds none of these) is reported by a signed-in user; the case
 * page shows the automatic motif match with its side-by-side evidence picture (a real JPEG from
 * the server), and the officer confirms the match.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { DEMO, HttpClient, launchBrowser, loginAs, newPage, textOf, visible } from "./helpers";

describe("motif matches on a case in Chromium", () => {
  let browser: Browser;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-motif-"));
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("a cropped, rotated, padded copy becomes a motif match with a side-by-side picture the officer can confirm", async () => {
    const page = await newPage(browser, "en");
    await page.goto("/works");
    const entry = page.locator('[data-testid="catalog-entry"][data-sealed="false"]').first();
    await entry.waitFor();
    const number = (await entry.getByTestId("catalog-number").textContent())!.trim();
    const http = new HttpClient();
    const api = (await (await http.request(`/api/v1/works/${number}`)).json()) as { work: { views: { kind: string; sha256: string }[] } };
    const front = api.work.views.find((v) => v.kind === "front") ?? api.work.views[0]!;
    const source = Buffer.from(await (await http.request(`/resources/images/${front.sha256}/1280`)).arrayBuffer());
    const { width = 1000, height = 1000 } = await sharp(source).metadata();
    const cropped = await sharp(source)
      .extract({ left: Math.round(width * 0.12), top: Math.round(height * 0.12), width: Math.round(width * 0.76), height: Math.round(height * 0.76) })
      .rotate(7, { background: "#ffffff" })
      .toBuffer();
    const m = await sharp(cropped).metadata();
    const copy = path.join(tmp, "shop-copy.jpg");
    await sharp(cropped)
      .extend({
        top: Math.round(m.height! * 0.2),
        bottom: Math.round(m.height! * 0.2),
        left: Math.round(m.width! * 0.2),
        right: Math.round(m.width! * 0.2),
        background: "#ffffff",
      })
      .jpeg({ quality: 80 })
      .toFile(copy);

    // The match API already calls it a motif match (PDQ does not match such a copy).
    const form = new FormData();
    form.set("image", new File([new Uint8Array(fs.readFileSync(copy))], "shop-copy.jpg"));
    const matched = (await (await http.request("/api/v1/match", { method: "POST", body: form })).json()) as {
      matches: { registrationNumber: string; verdict: string; inliers?: number }[];
    };
    expect(matched.matches[0]).toMatchObject({ registrationNumber: number, verdict: "motif" });

    // A signed-in user reports it; "find it for me" proposes the work as a motif match.
    await loginAs(page, DEMO.artisan3);
    await page.goto("/cases/new");
    const loadedAt = Date.now();
    await page.setInputFiles('[data-testid="find-photo"]', copy);
    await page.getByTestId("find-submit").click();
    const choice = page.locator('[data-testid="work-choice"]').filter({ has: page.locator(`input[data-registration-number="${number}"]`) });
    await choice.waitFor({ timeout: 30_000 });
    expect(await choice.textContent()).toMatch(/Shares a motif|纹样相同/); // the account's language may win over the browser's
    const box = choice.locator("input[type=checkbox]");
    if (!(await box.isChecked())) await box.check();
    await visible(page, "photo-carried");
    const report = page.getByTestId("report-form");
    await report.locator('select[name="platform"]').selectOption("taobao");
    await report.locator('input[name="url"]').fill(`https://item.taobao.com/item.htm?id=${Date.now()}`);
    await report.locator('input[name="sellerId"]').fill("e2e-motif-shop");
    await report.locator('textarea[name="description"]').fill("The listing shows the registered piece cropped, tilted and framed on a white page.");
    await page.waitForTimeout(Math.max(0, loadedAt + 3_500 - Date.now()));
    await Promise.all([page.waitForURL(/\/cases\/KM-C-\d{4}-\d{6}/, { timeout: 60_000 }), page.getByTestId("report-submit").click()]);
    const caseNumber = await textOf(page, '[data-testid="case-number"]');

    // The case page: the motif row, its score and the side-by-side picture, loaded as a JPEG.
    const row = page
      .locator('[data-testid="match-row"][data-verdict="motif"]')
      .filter({ has: page.locator(`[data-testid="match-registration"]:text-is("${number}")`) });
    await row.waitFor();
    expect(Number(/\d+/.exec((await row.getByTestId("match-inliers").textContent()) ?? "")![0])).toBeGreaterThanOrEqual(24); // MOTIF_MIN_SCORE
    const picture = row.getByTestId("motif-evidence");
    await picture.waitFor();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(400);
    const res = await page.context().request.get((await picture.getAttribute("src"))!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("image/jpeg");
    const meta = await sharp(await res.body()).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.width!).toBeGreaterThan(meta.height!); // two pictures side by side

    // The officer sees the same picture and confirms the match.
    const officer = await newPage(browser, "en");
    await loginAs(officer, DEMO.officer);
    await officer.goto(`/officer/cases/${caseNumber}`);
    const orow = officer.locator('[data-testid="match-row"][data-verdict="motif"]').first();
    await orow.getByTestId("motif-evidence").waitFor();
    await expect.poll(() => orow.getByTestId("motif-evidence").evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(400);
    expect(await orow.getByTestId("match-review").getAttribute("data-review")).toBe("pending");
    await orow.getByTestId("match-confirm").click();
    await officer.locator('[data-testid="match-row"][data-verdict="motif"] [data-testid="match-review"][data-review="confirmed"]').first().waitFor();
  });
});
