/**
 * The work form in Chromium: a photo of the wrong type or size is refused in the browser before
 * anything is sent (with the reason next to its view), photos can be dropped onto a view, and each
 * photo shows its own upload progress on the way to the saved draft.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { translate } from "~/utils/i18n";
import { DEMO, launchBrowser, loginAs, newPage } from "./helpers";
import { countFormPosts, dropPhoto, pickWrongType, recordUploadProgress } from "./upload-helpers";

let browser: Browser;
let dir: string;
let front: string;
let detail: Buffer;
beforeAll(async () => {
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-e2e-upload-"));
  const seed = 800_000 + Math.floor(Math.random() * 100_000);
  front = path.join(dir, "front.png");
  fs.writeFileSync(front, await generateCeramicImage(seed, "blue-and-white"));
  detail = await generateCeramicImage(seed + 1, "famille-rose");
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("work form upload in the browser", () => {
  for (const locale of ["zh-CN", "en"]) {
    it(`refuses a wrong type and an oversize photo before sending, then uploads with per-file progress (${locale})`, async () => {
      const page = await newPage(browser, locale);
      await loginAs(page, DEMO.artisan3);
      await page.goto("/works/new");
      await page.fill("#titleZh", `上传测试 ${Date.now()}`);
      await page.selectOption("#category", "vase");
      await page.fill('input[name="authors[0].name"]', "徐");
      const posts = countFormPosts(page);

      await pickWrongType(page, "front");
      await page.setInputFiles("#file-detail", { name: "huge.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(26 * 1024 * 1024, 1) });
      await page.locator('button[name="intent"][value="draft"]').click();
      await page.getByTestId("file-problems-front").waitFor();
      expect(await page.getByTestId("file-problems-front").innerText()).toContain("logo.svg");
      expect(await page.getByTestId("file-problems-detail").innerText()).toMatch(/huge\.jpg.*25/);
      expect(posts()).toBe(0);

      // Drop a photo onto the detail view (replacing the oversize one) and pick a real front photo.
      await dropPhoto(page, "detail", detail, "dropped.png");
      await page.setInputFiles("#file-front", front);

      // Record every progress value the form shows on the way.
      const progress = await recordUploadProgress(page);
      await Promise.all([
        page.waitForURL(/\/my\/works\/[a-z0-9]+\?created=1$/, { timeout: 30_000 }),
        page.locator('button[name="intent"][value="draft"]').click(),
      ]);
      expect(posts()).toBe(1);
      expect((await progress()).length).toBeGreaterThan(0);
      await page.getByTestId("work-view").nth(1).waitFor();
      expect(await page.getByTestId("work-view").count()).toBe(2);
      await page.context().close();
    });
  }

  it("shows the server's refusal of an upload (sent with progress) under each input, in the page's language", async () => {
    const page = await newPage(browser, "en");
    await loginAs(page, DEMO.artisan3);
    await page.goto("/works/new");
    // A title of spaces passes the browser but not the server's schema; no author, no category.
    await page.fill("#titleZh", "   ");
    await page.setInputFiles("#file-front", front);
    const posts = countFormPosts(page);
    await page.locator('button[name="intent"][value="draft"]').click();
    await page.locator("#titleZh-error").waitFor({ timeout: 30_000 });
    expect(posts()).toBe(1);
    expect(page.url()).toMatch(/\/works\/new$/);
    // The demo account is Chinese: the server's reply and the page speak Chinese.
    expect(await page.locator("#titleZh-error").innerText()).toBe(translate("zh-CN", "works.form.titleRequired"));
    expect(await page.locator("#category-error").innerText()).toBe(translate("zh-CN", "works.form.categoryRequired"));
    expect(await page.locator("#authors-error").innerText()).toBe(translate("zh-CN", "works.form.authorRequired"));
    expect(await page.getByTestId("form-error").innerText()).toBe(translate("zh-CN", "works.form.fixErrors"));
    expect(await page.locator("#titleZh").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#titleZh").getAttribute("aria-describedby")).toBe("titleZh-error");
    await page.context().close();
  });
});
