/**
 * The profile's mail settings on the running server: a Chinese account turns kinds of mail off
 * with checkboxes and the choice sticks; an unknown kind is refused with 400 and a message in the
 * user's language, nothing saved.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { HttpClient, launchBrowser, loginAs, newPage, textOf } from "./helpers";

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signUp(email: string, password: string, locale: string) {
  const client = new HttpClient();
  const res = await client.request("/signup", {
    method: "POST",
    form: { name: "Mail Test", email, password, role: "artisan" },
    headers: { "Accept-Language": locale },
  });
  expect(res.status).toBe(302);
  return client;
}

describe("mail settings on /profile", () => {
  it("turns deal and case mail off and keeps the choice (zh-CN)", async () => {
    const email = `mail-${unique()}@example.com`;
    await signUp(email, "mail-password-2026", "zh-CN");
    const page = await newPage(browser, "zh-CN");
    await loginAs(page, email, "mail-password-2026");
    await page.goto("/profile");
    expect(await textOf(page, "#mail-settings-title")).toBe("邮件");
    expect(await textOf(page, "form#mail-settings")).toContain("安全邮件（邮箱验证、密码重置、一次性验证码）始终发送。");
    const box = (kind: string) => page.locator(`form#mail-settings input[name="receive"][value="${kind}"]`);
    for (const k of ["work", "deal", "payment", "case"]) expect(await box(k).isChecked()).toBe(true);
    await box("deal").uncheck();
    await box("case").uncheck();
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.click('form#mail-settings button[type="submit"]')]);
    expect(await textOf(page, "form#mail-settings [role=status]")).toBe("邮件设置已保存。");
    await page.reload();
    expect(await box("work").isChecked()).toBe(true);
    expect(await box("deal").isChecked()).toBe(false);
    expect(await box("payment").isChecked()).toBe(true);
    expect(await box("case").isChecked()).toBe(false);
    await page.context().close();
  });

  it("refuses an unknown kind with 400 in the user's language (HTTP)", async () => {
    const email = `mail-bad-${unique()}@example.com`;
    const client = await signUp(email, "mail-password-2026", "en");
    const res = await client.request("/profile", { method: "POST", form: { intent: "mail", receive: "newsletter" }, headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Unknown kind of mail.");
    const page = await client.request("/profile", { headers: { "Accept-Language": "en" } });
    const html = await page.text();
    // Nothing saved: every box still checked.
    expect(html.match(/name="receive"[^>]*checked/g) ?? []).toHaveLength(4);
  });
});
