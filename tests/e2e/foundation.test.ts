import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, loginAs, newPage, DEMO, HttpClient, textOf, visible } from "./helpers";

describe("foundation in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("signs up as an artisan, logs out and in, switches language", async () => {
    const page = await newPage(browser, "zh-CN");
    await page.goto("/signup");
    expect(await textOf(page, "h1")).toBe("创建账户");
    const email = `e2e-${Date.now()}@example.cn`;
    await page.check('input[name="role"][value="artisan"]');
    await page.fill('input[name="name"]', "测试匠人");
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', "porcelain-2026!");
    await Promise.all([page.waitForURL("**/dashboard"), page.click('form#signup button[type="submit"]')]);
    await visible(page, "artisan-section");
    await visible(page, "empty-state");

    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.getByTestId("logout").click()]);
    await page.getByRole("link", { name: "登录" }).waitFor();

    await loginAs(page, email, "porcelain-2026!");
    expect(new URL(page.url()).pathname).toBe("/dashboard");

    // Switch to English on the dashboard; the choice sticks on other pages and in the profile.
    await Promise.all([page.waitForURL("**/dashboard"), page.getByRole("button", { name: "English" }).click()]);
    await page.getByText("Welcome,").waitFor();
    await page.goto("/profile");
    expect(await textOf(page, "h1")).toBe("Profile");
    expect(await page.locator('select[name="locale"]').inputValue()).toBe("en");
    await page.goto("/");
    expect(await textOf(page, "h1")).toContain("Register, license and protect");
    // And back to Chinese from the home page.
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.getByRole("button", { name: "中文" }).click()]);
    await page.getByText("登记、许可、保护景德镇陶瓷设计").waitFor();
    await page.context().close();
  });

  it("refuses the officer-only page to an artisan with a 403 page", async () => {
    const page = await newPage(browser, "en");
    await loginAs(page, DEMO.artisan);
    const res = await page.goto("/officer");
    expect(res?.status()).toBe(403);
    await visible(page, "error-403");
    // The demo artisan prefers Chinese in the profile, which wins over the browser.
    expect(await textOf(page, "h1")).toBe("您无权打开此页面");
    await page.context().close();
  });

  it("every role logs in and sees its own dashboard", async () => {
    for (const [email, testId] of [
      [DEMO.officer, "officer-section"],
      [DEMO.artisan, "artisan-section"],
      [DEMO.licensee, "licensee-section"],
      [DEMO.admin, "officer-section"],
    ] as const) {
      const page = await newPage(browser, "en");
      await loginAs(page, email);
      await visible(page, testId);
      await page.context().close();
    }
  });
});

describe("login rate limit (HTTP)", () => {
  it("locks an account after repeated failures, with a clear message, even for the right password", async () => {
    const email = `lock-${Date.now()}@example.com`;
    const signup = await new HttpClient().request("/signup", {
      method: "POST",
      form: { name: "Lock Test", email, password: "right-password-1", role: "licensee" },
    });
    expect(signup.status).toBe(302);
    const client = new HttpClient();
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await client.request("/login", { method: "POST", form: { email, password: "wrong-password" }, headers: { "Accept-Language": "en" } });
    }
    expect(last!.status).toBe(429);
    expect(await last!.text()).toContain("Too many failed attempts");
    const right = await client.request("/login", { method: "POST", form: { email, password: "right-password-1" } });
    expect(right.status).toBe(429);
  });
});
