import fs from "node:fs";
import { inject } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";

export const DEMO_PASSWORD = "kilnmark-demo";
export const DEMO = {
  admin: "admin@kilnmark.test",
  officer: "officer.li@kilnmark.test",
  officer2: "officer.wang@kilnmark.test",
  artisan: "artisan.chen@kilnmark.test",
  artisan2: "artisan.zhou@kilnmark.test",
  artisan3: "artisan.xu@kilnmark.test",
  licensee: "licensee.popclay@kilnmark.test",
  licensee2: "licensee.tablefine@kilnmark.test",
} as const;

export function baseUrl(): string {
  return inject("baseUrl");
}

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error("Chromium not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH. .ci/run does this.");
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  // playwright launches with its own fresh, temporary profile (the --user-data-dir equivalent).
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function newPage(browser: Browser, locale = "zh-CN"): Promise<Page> {
  const context = await browser.newContext({ locale, baseURL: baseUrl(), extraHTTPHeaders: { "Accept-Language": locale } });
  return context.newPage();
}

export async function loginAs(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click('form#login button[type="submit"]')]);
}

/**
 * The demo accounts are seeded in Chinese and several tests rely on it: a test that switches a demo
 * account's saved language puts it back with this when it is done.
 */
export async function restoreDemoLanguage(...emails: string[]) {
  for (const email of emails) {
    const c = await new HttpClient().login(email);
    const r = await c.request("/resources/locale", { method: "POST", form: { locale: "zh-CN", redirectTo: "/" } });
    if (r.status !== 302) throw new Error(`could not restore ${email}'s language: ${r.status}`);
  }
}

/** A cookie-carrying HTTP client for tests that do not need a browser. */
export class HttpClient {
  cookies = new Map<string, string>();
  constructor(readonly base = baseUrl()) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(pathname: string, init: RequestInit & { form?: Record<string, string> } = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("Cookie", this.cookieHeader());
    let body = init.body;
    if (init.form) {
      body = new URLSearchParams(init.form);
      headers.set("Content-Type", "application/x-www-form-urlencoded");
    }
    if (init.method && init.method !== "GET" && !headers.has("Origin")) headers.set("Origin", this.base);
    const res = await fetch(this.base + pathname, { ...init, body, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async login(email: string, password = DEMO_PASSWORD) {
    const res = await this.request("/login", { method: "POST", form: { email, password } });
    if (res.status !== 302) throw new Error(`login as ${email} failed: ${res.status} ${await res.text()}`);
    return this;
  }
}

/** vitest has no Playwright matchers: wait for an element, then read it. */
export async function textOf(page: Page, selector: string): Promise<string> {
  const loc = page.locator(selector).first();
  await loc.waitFor({ state: "visible", timeout: 15_000 });
  return ((await loc.textContent()) ?? "").trim();
}

export async function visible(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).first().waitFor({ state: "visible", timeout: 15_000 });
}

/** One number from the e2e server's database (SQLite file or PostgreSQL), e.g. a row count. */
export async function scalarFromDb(sql: string): Promise<number> {
  return onDb(sql, "read");
}

/** A write to the e2e server's database from outside the app (another process, as an import or a restore would). */
export async function executeOnDb(sql: string): Promise<void> {
  await onDb(sql, "write");
}

async function onDb(sql: string, mode: "read" | "write"): Promise<number> {
  const url = inject("databaseUrl");
  if (url.startsWith("file:")) {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(url.slice("file:".length), { readonly: mode === "read", fileMustExist: true, timeout: 15_000 });
    try {
      if (mode === "write") return db.prepare(sql).run().changes;
      return Number(Object.values(db.prepare(sql).get() as Record<string, unknown>)[0]);
    } finally {
      db.close();
    }
  }
  const { default: pg } = await import("pg");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const result = await c.query(sql);
    if (mode === "write") return result.rowCount ?? 0;
    return Number(Object.values(result.rows[0] as Record<string, unknown>)[0]);
  } finally {
    await c.end();
  }
}
