/**
 * Account security in Chromium against the production server (issue 10, items 3 and 4):
 * redirects after a real login stay on our host; sign-up → verification link from the outbox →
 * registering works; forgot password → reset link → new password only, link single-use;
 * changing the password ends another browser's session; an admin-forced reset.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { readOutbox } from "~/utils/mailer.server";
import { baseUrl, DEMO, HttpClient, launchBrowser, loginAs, newPage, textOf, visible } from "./helpers";

/** The newest link of `kind` mailed to `email` by the running server. */
async function linkFromOutbox(email: string, kind: string, notBefore?: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mail = (await readOutbox({ dataDir: inject("dataDir"), to: email })).find((m) => m.kind === kind && (!notBefore || m.date > notBefore));
    const link = mail && /https?:\/\/\S+\/(?:reset-password|verify-email)\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no ${kind} mail to ${email}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function signUpOverHttp(email: string, password: string, role = "artisan") {
  const res = await new HttpClient().request("/signup", {
    method: "POST",
    form: { name: "Account Test", email, password, role },
    headers: { "Accept-Language": "en" },
  });
  expect(res.status).toBe(302);
}

async function submitLogin(page: Page, email: string, password: string) {
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('form#login button[type="submit"]');
}

/** At 390 px (a phone) the page must not scroll sideways. */
async function fitsPhone(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, new URL(page.url()).pathname).toBeLessThanOrEqual(390);
}

const unique = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

describe("accounts security in Chromium", () => {
  let browser: Browser;
  let dir: string;
  let front: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-e2e-acct-"));
    front = path.join(dir, "front.png");
    fs.writeFileSync(front, await generateCeramicImage(910_000 + Math.floor(Math.random() * 50_000), "blue-and-white"));
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // Raw query strings, as an attacker would put them in a link.
  const hostile = [
    "%2F%09%2Fevil.example", // the report: "/\t/evil.example"
    "%2F%0A%2Fevil.example",
    "%2F%0D%2Fevil.example",
    "%2F%2Fevil.example",
    "%2F%5Cevil.example",
    "%5C%5Cevil.example",
    "%2F.%2F%2Fevil.example",
    "%2F%2509%2Fevil.example",
    "https%3A%2F%2Fevil.example%2F",
    "javascript%3Aalert(document.domain)",
    "%2F%E3%80%80%2Fevil.example",
  ];

  it("after a real login every redirect variant ends on our host; a same-site path is kept", async () => {
    const ours = new URL(baseUrl()).host;
    for (const q of hostile) {
      const page = await newPage(browser, "en");
      await page.goto(`/login?redirectTo=${q}`);
      await submitLogin(page, DEMO.licensee2, "kilnmark-demo");
      await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 15_000 });
      await page.waitForLoadState("load");
      expect(new URL(page.url()).host, q).toBe(ours);
      await page.context().close();
    }
    const page = await newPage(browser, "en");
    await page.goto(`/login?redirectTo=${encodeURIComponent("/works?q=1#x")}`);
    await submitLogin(page, DEMO.licensee2, "kilnmark-demo");
    await page.waitForURL((u) => u.pathname === "/works");
    expect(new URL(page.url()).search).toBe("?q=1");
    await page.context().close();
  });

  it("the login answer's Location is a same-origin path for every variant (HTTP)", async () => {
    for (const q of hostile) {
      const redirectTo = decodeURIComponent(q);
      const res = await new HttpClient().request("/login", { method: "POST", form: { email: DEMO.licensee2, password: "kilnmark-demo", redirectTo } });
      expect(res.status, q).toBe(302);
      const location = res.headers.get("location")!;
      expect(location.startsWith("/") && !location.startsWith("//"), `${q} → ${location}`).toBe(true);
      expect(new URL(location, baseUrl()).origin).toBe(new URL(baseUrl()).origin);
    }
  });

  it("sign up → cannot register until the mailed link is opened → registers a work", async () => {
    const email = `verify-${unique()}@example.com`;
    const page = await newPage(browser, "en");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/signup");
    await page.check('input[name="role"][value="artisan"]');
    await page.fill('input[name="name"]', "Verify Me");
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', "verify-password-2026");
    await Promise.all([page.waitForURL("**/dashboard"), page.click('form#signup button[type="submit"]')]);
    await visible(page, "verify-email-notice");
    expect(await textOf(page, '[data-testid="verify-email-notice"]')).toContain(email);
    await fitsPhone(page);
    const firstLink = await linkFromOutbox(email, "account.verify");

    // Registering is refused on the server, with the reason.
    const fillDraft = async (title: string) => {
      await page.goto("/works/new");
      await page.fill("#titleZh", title);
      await page.selectOption("#category", "vase");
      await page.check('input[name="techniques"][value="qinghua"]');
      await page.fill('input[name="authors[0].name"]', "验证");
      await page.setInputFiles("#file-front", front);
      await page.locator('[data-testid="view-input-front"] img').waitFor();
    };
    await fillDraft(`未验证 ${unique()}`);
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/works/new"),
      page.locator('button[name="intent"][value="draft"]').click(),
    ]);
    expect(refused.status()).toBe(403);
    expect(await textOf(page, '[data-testid="form-error"]')).toContain("Confirm your e-mail address");

    // "Send a new link": the earlier link stops working, the new one verifies once.
    const before = new Date().toISOString();
    await Promise.all([page.waitForURL("**/verify-email"), page.getByTestId("resend-verification").first().click()]);
    await visible(page, "verification-sent");
    await fitsPhone(page);
    const link = await linkFromOutbox(email, "account.verify", before);
    expect(link).not.toBe(firstLink);
    const stale = await page.goto(firstLink);
    expect(stale?.status()).toBe(410);
    await visible(page, "verify-invalid");
    const ok = await page.goto(link);
    expect(ok?.status()).toBe(200);
    await visible(page, "email-verified");
    expect(await page.getByTestId("verify-email-notice").count()).toBe(0);
    expect((await page.goto(link))?.status()).toBe(410);

    await fillDraft(`已验证 ${unique()}`);
    await Promise.all([
      page.waitForURL(/\/my\/works\/[a-z0-9]+\?created=1$/, { timeout: 30_000 }),
      page.locator('button[name="intent"][value="draft"]').click(),
    ]);
    await page.context().close();
  });

  it("forgot password → link from the outbox → new password works, old refused, link refused a second time", async () => {
    const email = `reset-${unique()}@example.com`;
    await signUpOverHttp(email, "old-password-2026");
    const page = await newPage(browser, "en");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/login");
    await Promise.all([page.waitForURL("**/forgot-password"), page.getByRole("link", { name: "Forgot your password?" }).click()]);
    // A client-side navigation changes the URL before the new page's title is rendered.
    await page.waitForFunction(() => document.title === "Forgot password · Kilnmark", null, { timeout: 15_000 });
    await fitsPhone(page);

    // The same answer for an address without an account.
    await page.fill('input[name="email"]', `nobody-${unique()}@example.com`);
    await page.click('form#forgot-password button[type="submit"]');
    const unknownAnswer = await textOf(page, '[data-testid="forgot-sent"]');
    await page.goto("/forgot-password");
    await page.fill('input[name="email"]', email);
    await page.click('form#forgot-password button[type="submit"]');
    expect(await textOf(page, '[data-testid="forgot-sent"]')).toBe(unknownAnswer);

    const link = await linkFromOutbox(email, "account.reset");
    const res = await page.goto(link);
    expect(res?.status()).toBe(200);
    // The token is in the path: no Referer from this page, and the page is not cached.
    expect(await page.locator('meta[name="referrer"]').getAttribute("content")).toBe("same-origin");
    expect(res?.headers()["cache-control"]).toBe("no-store");
    await fitsPhone(page);
    await page.fill('input[name="password"]', "new-password-2026");
    await page.fill('input[name="confirm"]', "new-password-2026");
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("reset") === "1"),
      page.click('form#reset-password button[type="submit"]'),
    ]);
    await visible(page, "reset-done");

    await submitLogin(page, email, "old-password-2026");
    expect(await textOf(page, '[data-testid="form-error"]')).toMatch(/incorrect|not correct|wrong/i);
    await page.goto("/login");
    await submitLogin(page, email, "new-password-2026");
    await page.waitForURL("**/dashboard");

    const again = await page.goto(link);
    expect(again?.status()).toBe(410);
    await visible(page, "reset-invalid");
    // Posting the form straight at the spent link changes nothing either.
    const post = await new HttpClient().request(new URL(link).pathname, {
      method: "POST",
      form: { password: "hijack-password-1", confirm: "hijack-password-1" },
    });
    expect(post.status).toBe(410);
    await new HttpClient().login(email, "new-password-2026");
    await page.context().close();
  });

  it("changing the password on the profile ends the session of another browser context, not this one", async () => {
    const email = `change-${unique()}@example.com`;
    await signUpOverHttp(email, "first-password-2026", "licensee");
    const a = await newPage(browser, "en");
    const b = await newPage(browser, "en");
    await loginAs(a, email, "first-password-2026");
    await loginAs(b, email, "first-password-2026");
    await b.goto("/profile");
    expect(new URL(b.url()).pathname).toBe("/profile");

    await a.setViewportSize({ width: 390, height: 844 });
    await a.goto("/profile");
    await fitsPhone(a);
    await a.fill('input[name="currentPassword"]', "wrong-password-x");
    await a.fill('input[name="newPassword"]', "second-password-2026");
    await a.fill('input[name="confirm"]', "second-password-2026");
    await a.click('form#change-password button[type="submit"]');
    expect(await textOf(a, '[data-testid="form-error"]')).toContain("current password is not correct");

    await a.fill('input[name="currentPassword"]', "first-password-2026");
    await a.fill('input[name="newPassword"]', "second-password-2026");
    await a.fill('input[name="confirm"]', "second-password-2026");
    await a.click('form#change-password button[type="submit"]');
    // Two other sessions: the one sign-up opened, and browser b.
    expect(await textOf(a, '[data-testid="password-changed"]')).toBe("Password changed. Other sessions signed out: 2.");

    await b.goto("/profile");
    expect(new URL(b.url()).pathname).toBe("/login");
    await a.goto("/profile");
    expect(new URL(a.url()).pathname).toBe("/profile");
    await loginAs(b, email, "second-password-2026");
    expect(new URL(b.url()).pathname).not.toBe("/login");
    await a.context().close();
    await b.context().close();
  });

  it("guessing the current password on the profile is limited like logging in (HTTP)", async () => {
    const email = `guess-${unique()}@example.com`;
    const client = new HttpClient();
    const signup = await client.request("/signup", {
      method: "POST",
      form: { name: "Guess Test", email, password: "real-password-2026", role: "licensee" },
      headers: { "Accept-Language": "en" },
    });
    expect(signup.status).toBe(302);
    const attempt = (currentPassword: string) =>
      client.request("/profile", {
        method: "POST",
        form: { intent: "password", currentPassword, newPassword: "other-password-2026", confirm: "other-password-2026" },
        headers: { "Accept-Language": "en" },
      });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-guess-${i}`)).status).toBe(400);
    const locked = await attempt("real-password-2026");
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain("Too many failed attempts");
  });

  it("an admin forces a reset: the user is signed out, cannot log in with the old password, and sets a new one by mail", async () => {
    const email = `forced-${unique()}@example.com`;
    await signUpOverHttp(email, "forced-password-2026", "licensee");
    const user = await newPage(browser, "en");
    await loginAs(user, email, "forced-password-2026");

    const admin = await newPage(browser, "en");
    await loginAs(admin, DEMO.admin);
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.goto("/admin/users");
    await fitsPhone(admin);
    const row = admin.locator("tr").filter({ hasText: email });
    await Promise.all([admin.waitForResponse((r) => r.request().method() === "POST"), row.getByTestId("force-reset").click()]);
    await visible(admin, "force-reset-done");
    await admin
      .locator("tr")
      .filter({ hasText: email })
      .getByTestId("user-status")
      .filter({ hasText: /new password|新密码/ })
      .waitFor();

    await user.goto("/profile");
    expect(new URL(user.url()).pathname).toBe("/login");
    await submitLogin(user, email, "forced-password-2026");
    expect(await textOf(user, '[data-testid="form-error"]')).toContain("administrator asked you to choose a new password");

    const link = await linkFromOutbox(email, "account.forcedReset");
    await user.goto(link);
    await user.fill('input[name="password"]', "after-force-2026");
    await user.fill('input[name="confirm"]', "after-force-2026");
    await Promise.all([user.waitForURL("**/login?reset=1"), user.click('form#reset-password button[type="submit"]')]);
    await submitLogin(user, email, "after-force-2026");
    await user.waitForURL("**/dashboard");
    await user.context().close();
    await admin.context().close();
  });

  it("tab titles and pages are in Chinese for a Chinese browser", async () => {
    const page = await newPage(browser, "zh-CN");
    await page.goto("/forgot-password");
    expect(await page.title()).toBe("忘记密码 · 瓷印 Kilnmark");
    expect(await textOf(page, "h1")).toBe("忘记密码？");
    await page.goto("/login");
    expect(await page.title()).toBe("登录 · 瓷印 Kilnmark");
    await page.getByRole("link", { name: "忘记密码？" }).waitFor();
    await page.goto(`/reset-password/${"x".repeat(43)}`);
    expect(await textOf(page, "h1")).toBe("此链接无法使用");
    await page.context().close();
  });
});
