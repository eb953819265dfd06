/**
 * Infringement cases end to end in Chromium, on the seeded demo: a member of the public who
 * found a cropped, recompressed copy of a registered work's photo reports it without an account
 * ("find it for me" proposes the work, the email is confirmed with a one-time code read from the
 * server's mail outbox), the case page shows the automatic match, an officer triages,
 * investigates, sends a takedown notice (its PDF) and resolves the case as a takedown, and the
 * reporter's follow link shows the outcome.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { readOutbox } from "~/utils/mailer.server";
import { baseUrl, DEMO, HttpClient, launchBrowser, loginAs, newPage, textOf, visible } from "./helpers";

const SHOTS = process.env.E2E_SCREENSHOTS; // a folder: save screenshots of the report form there

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** The one-time code mailed to `email` (newest first), from the running server's outbox. */
async function codeFromOutbox(email: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mail = (await readOutbox({ dataDir: inject("dataDir"), to: email })).find((m) => m.kind === "email.code");
    const code = mail && /\b(\d{6})\b/.exec(mail.subject)?.[1];
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`no code mailed to ${email}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("infringement cases in Chromium", () => {
  let browser: Browser;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-cases-"));
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("an anonymous report found by photo → automatic match → officer takedown → outcome on the follow link", async () => {
    // A registered public demo work and its front photo.
    const reporter = await newPage(browser, "zh-CN");
    await reporter.goto("/works");
    const entry = reporter.locator('[data-testid="catalog-entry"][data-sealed="false"]').first();
    await entry.waitFor();
    const number = (await entry.getByTestId("catalog-number").textContent())!.trim();
    expect(number).toMatch(/^JDZ-\d{4}-\d{6}-[0-9X]$/);
    const http = new HttpClient();
    const api = (await (await http.request(`/api/v1/works/${number}`)).json()) as { work: { views: { kind: string; sha256: string }[] } };
    const front = api.work.views.find((v) => v.kind === "front") ?? api.work.views[0];
    const res = await http.request(`/resources/images/${front.sha256}/1280`);
    expect(res.status).toBe(200);
    const source = Buffer.from(await res.arrayBuffer());

    // The copy seen on a shop: cropped 2% on each side, resized, recompressed as JPEG.
    const { width = 1000, height = 1000 } = await sharp(source).metadata();
    const dx = Math.round(width * 0.02);
    const dy = Math.round(height * 0.02);
    const copy = path.join(tmp, "listing.jpg");
    await sharp(source)
      .extract({ left: dx, top: dy, width: width - 2 * dx, height: height - 2 * dy })
      .resize(800)
      .jpeg({ quality: 70 })
      .toFile(copy);

    // 1. "Find it for me" proposes the registered work.
    await reporter.goto("/cases/new");
    const loadedAt = Date.now();
    await shot(reporter, "report-empty-zh");
    await reporter.setInputFiles('[data-testid="find-photo"]', copy);
    await reporter.getByTestId("find-submit").click();
    const choice = reporter.locator('[data-testid="work-choice"]').filter({ has: reporter.locator(`input[data-registration-number="${number}"]`) });
    await choice.waitFor({ timeout: 45_000 }); // PDQ and the motif matcher (OpenCV workers) on a shared CI machine
    expect(await choice.textContent()).toMatch(/同一照片|纹样相同|相似/); // same → motif → similar: the best per work
    const box = choice.locator("input[type=checkbox]");
    if (!(await box.isChecked())) await box.check();
    // The photo searched with is attached as evidence too (no second upload).
    await visible(reporter, "photo-carried");
    expect(await reporter.getByTestId("evidence-files").evaluate((i: HTMLInputElement) => [...(i.files ?? [])].map((f) => f.name))).toEqual(["listing.jpg"]);

    // 2-3. Where and what.
    const form = reporter.getByTestId("report-form");
    await form.locator('select[name="platform"]').selectOption("taobao");
    const listing = `https://item.taobao.com/item.htm?id=${Date.now()}`;
    await form.locator('input[name="url"]').fill(listing);
    await form.locator('input[name="sellerId"]').fill("e2e-copy-shop");
    await form.locator('textarea[name="description"]').fill("这家店出售这件登记花瓶的仿制品，商品主图就是登记照片裁切后的版本。");
    await form.locator('input[name="standing"][value="public"]').check();

    // 4. Who: the email, confirmed by a one-time code. Sending without the code is refused with
    // the error under the code field (after the spam check's minimum fill time, as a person).
    const email = `e2e-finder-${Date.now()}@example.org`;
    await form.locator('input[name="name"]').fill("路人甲");
    await form.locator('input[name="email"]').fill(email);
    await reporter.waitForTimeout(Math.max(0, loadedAt + 3_500 - Date.now()));
    await reporter.getByTestId("report-submit").click();
    expect(await textOf(reporter, "#report-code-error")).toBe("请验证邮箱：获取验证码并填写。");
    expect(await form.locator('input[name="code"]').getAttribute("aria-describedby")).toBe("report-code-error");
    await shot(reporter, "report-code-missing-zh");
    // The code from the server's outbox; sent straight away (the fetcher's revalidation must not
    // restart the form's fill-time clock).
    await reporter.getByTestId("send-code").click();
    await visible(reporter, "code-sent");
    const code = await codeFromOutbox(email);
    // A wrong code is refused under the code field, counting the try.
    await form.locator('input[name="code"]').fill(code === "000000" ? "111111" : "000000");
    await reporter.getByTestId("report-submit").click();
    await reporter.locator("#report-code-error", { hasText: "验证码错误（还可尝试 4 次）" }).waitFor();
    await form.locator('input[name="code"]').fill(code);
    await shot(reporter, "report-filled-zh");
    await Promise.all([reporter.waitForURL(/\/cases\/KM-C-\d{4}-\d{6}\?/), reporter.getByTestId("report-submit").click()]);

    const caseNumber = await textOf(reporter, '[data-testid="case-number"]');
    expect(caseNumber).toMatch(/^KM-C-\d{4}-\d{6}$/);
    await visible(reporter, "report-received");
    const follow = await textOf(reporter, '[data-testid="follow-link"]');
    expect(follow).toMatch(new RegExp(`^${baseUrl()}/cases/${caseNumber}\\?t=[A-Za-z0-9_-]{20,}$`));
    expect(await reporter.getByTestId("follow-link").getAttribute("href")).toBe(follow);
    const followPath = follow.slice(baseUrl().length);
    await shot(reporter, "case-received-zh");
    expect(await reporter.getByTestId("case-status").getAttribute("data-status")).toBe("reported");
    // The receipt mail carries the same follow link.
    const receipt = (await readOutbox({ dataDir: inject("dataDir"), to: email })).find((m) => m.kind === "case.reported.receipt");
    expect(receipt?.text).toContain(follow);

    // The case page's forms (Conform + Zod). While the officers wait for the reporter, the message
    // box posts "provide_info" with a reason: too short a reason is refused above the form and
    // under the box, in the reader's language; an empty message likewise; a real one is added.
    const party = new HttpClient();
    const post = (form: Record<string, string>, lang: string) => party.request(followPath, { method: "POST", form, headers: { "Accept-Language": lang } });
    const refused = await post({ intent: "provide_info", reason: "x" }, "en");
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/class="field-error"[^>]*><li>Give a reason \(2 to 4000 characters\)\.<\/li>/);
    const refusedZh = await post({ intent: "message", body: "   " }, "zh-CN");
    expect(refusedZh.status).toBe(400);
    expect(await refusedZh.text()).toContain('data-testid="form-error">请填写留言（1 至 4000 个字符）。');
    const sent = await post({ intent: "message", body: "The listing is still online." }, "en");
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe(followPath);

    // 2. The automatic match: registration number, distance, verdict.
    // (PDQ rows; a motif row may follow for the same view, with the matched region.)
    const match = reporter
      .locator('[data-testid="match-row"]:not([data-verdict="motif"])')
      .filter({ has: reporter.locator(`[data-testid="match-registration"]:text-is("${number}")`) })
      .first();
    await match.waitFor();
    expect(["same", "similar"]).toContain(await match.getAttribute("data-verdict"));
    const distance = Number(/\d+/.exec((await match.getByTestId("match-distance").textContent()) ?? "")![0]);
    expect(distance).toBeLessThanOrEqual(63);
    expect(await match.getByTestId("match-verdict").textContent()).toMatch(/同一照片|相似/);
    expect(await textOf(reporter, '[data-testid="case-works"]')).toContain(number);

    // 3. The officer handles it: triage, investigate, takedown notice (PDF), resolve as takedown.
    const officer = await newPage(browser, "en");
    await loginAs(officer, DEMO.officer);
    await officer.goto("/officer/cases");
    const row = officer.getByTestId("queue-row").filter({ hasText: caseNumber });
    await row.waitFor();
    await Promise.all([officer.waitForURL(`**/officer/cases/${caseNumber}`), row.getByRole("link", { name: caseNumber }).click()]);
    await visible(officer, "case-matches");
    expect(await officer.locator('[data-testid="match-registration"]').allTextContents()).toContain(number);

    const step = async (type: string, reason: string, status: string, resolution?: string) => {
      const f = officer.getByTestId(`transition-${type}`);
      if (resolution) await f.locator('select[name="resolution"]').selectOption(resolution);
      await f.locator('textarea[name="reason"]').fill(reason);
      await f.locator('button[type="submit"]').click();
      await officer.locator(`[data-testid="case-status"][data-status="${status}"]`).waitFor();
    };
    await step("triage", "Plausible: the listing photo matches a registered work.", "triage");
    await step("investigate", "Matched by PDQ; checking for a licence.", "investigating");

    const notice = officer.getByTestId("notice-form");
    await notice.locator('form:has(input[name="intent"][value="notice"]) input[name="sentTo"]').fill("ipr@taobao.example");
    await notice.locator('form:has(input[name="intent"][value="notice"]) textarea[name="reason"]').fill("No licence on record; takedown requested.");
    await officer.getByTestId("notice-send").click();
    await officer.locator('[data-testid="case-status"][data-status="notice_sent"]').waitFor();
    const pdfLink = officer.getByTestId("notices").locator("a").first();
    await pdfLink.waitFor();
    const pdf = await officer.context().request.get((await pdfLink.getAttribute("href"))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    await step("resolve", "The platform removed the listing.", "resolved", "takedown");
    await shot(officer, "officer-resolved");
    expect(await officer.getByTestId("case-status").getAttribute("data-status")).toBe("resolved");

    // 4. The reporter, not logged in, opens the follow link in a fresh browser context.
    const later = await newPage(browser, "en");
    await later.goto(followPath);
    await visible(later, "case-outcome");
    await shot(later, "follow-outcome-en");
    expect(await later.getByTestId("case-status").getAttribute("data-status")).toBe("resolved");
    expect(await later.getByTestId("case-status").getAttribute("data-resolution")).toBe("takedown");
    expect(await textOf(later, '[data-testid="case-status"]')).toBe("Resolved · Taken down");
    expect(await textOf(later, '[data-testid="case-outcome"]')).toContain("Decided: Taken down");
    // Without the token the case is not shown to an anonymous visitor.
    await later.context().clearCookies();
    await later.goto(`/cases/${caseNumber}`);
    await later.waitForURL(/\/login/);
  });
});
