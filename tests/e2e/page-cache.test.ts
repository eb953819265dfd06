/**
 * The anonymous page cache on the real server (SQLite, and PostgreSQL in the second e2e pass):
 * a catalog page is rendered once and replayed, and the next visitor after *any* commit — here a
 * write from another process, as an import or a second instance would make — sees the new data.
 * Signed-in visitors never get a replayed page.
 */
import { afterAll, describe, expect, it } from "vitest";
import { DEMO, HttpClient, executeOnDb } from "./helpers";

const CACHE = "x-kilnmark-cache";
const MARK = " [cache-check]";

async function anonymous(path: string, language = "en") {
  const res = await new HttpClient().request(path, { headers: { "Accept-Language": language } });
  return { status: res.status, cache: res.headers.get(CACHE), csp: res.headers.get("content-security-policy") ?? "", html: await res.text() };
}

/**
 * Two visits in a row; tried again if something committed between them (the server's own
 * minute job renews its lease row, and any commit rightly ends the replay).
 */
async function visitTwice(path: string) {
  for (let i = 0; ; i++) {
    const first = await anonymous(path);
    const second = await anonymous(path);
    if (second.cache === "hit" || i === 4) return [first, second] as const;
  }
}

describe("anonymous page cache", () => {
  let number = "";
  afterAll(async () => {
    if (number) await executeOnDb(`UPDATE "Work" SET "titleEn" = replace("titleEn", '${MARK}', '') WHERE "registrationNumber" = '${number}'`);
  });

  it("replays a catalog page until the database changes, then shows the change at once", async () => {
    const list = await anonymous("/works");
    expect(list.status).toBe(200);
    number = /href="\/works\/([A-Za-z0-9-]+)"/.exec(list.html)?.[1] ?? "";
    expect(number).toMatch(/\d{6}/);

    // Two visits: the second is the first one's page, under a new nonce.
    const [first, second] = await visitTwice(`/works/${number}`);
    expect(second.cache).toBe("hit");
    const nonce = (p: { csp: string }) => /'nonce-([^']+)'/.exec(p.csp)?.[1] ?? "";
    expect(nonce(second)).not.toBe(nonce(first));
    expect(second.html).toContain(`nonce="${nonce(second)}"`);
    expect(second.html).not.toContain(nonce(first));
    expect((await visitTwice("/works"))[1].cache).toBe("hit");

    // Another process changes the work's English title.
    await executeOnDb(`UPDATE "Work" SET "titleEn" = "titleEn" || '${MARK}' WHERE "registrationNumber" = '${number}'`);
    const page = await anonymous(`/works/${number}`);
    expect(page.cache).toBe("miss");
    expect(page.html).toContain(MARK.trim());
    const catalog = await anonymous("/works");
    expect(catalog.cache).toBe("miss");
    expect(catalog.html).toContain(MARK.trim());
  });

  it("never replays a page to a signed-in visitor", async () => {
    const artisan = await new HttpClient().login(DEMO.artisan);
    for (let i = 0; i < 2; i++) {
      const res = await artisan.request("/works", { headers: { "Accept-Language": "en" } });
      expect(res.status).toBe(200);
      expect(res.headers.get(CACHE)).toBeNull();
      expect(await res.text()).toContain('data-testid="logout"');
    }
  });
});
