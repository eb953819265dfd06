/**
 * The anonymous page cache on the real server (SQLite, and PostgreSQL in the second e2e pass):
 * a catalog page is rendered once and replayed, and the next visitor after *any* commit — here a
 * write from another process, as an import or a second instance would make — sees the new data.
 * Signed-in visitors never get a replayed page.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO, HttpClient, executeOnDb } from "./helpers";
import { spawnServer } from "../setup/spawn-server";
import { createPostgresTestDatabase, testPostgresUrl } from "../setup/postgres-test-db";

const CACHE = "x-kilnmark-cache";
const MARK = " [cache-check]";

async function anonymous(path: string, language = "en") {
  const res = await new HttpClient().request(path, { headers: { "Accept-Language": language } });
  return { status: res.status, cache: res.headers.get(CACHE), csp: res.headers.get("content-security-policy") ?? "", html: await res.text() };
}

/**
 * Two visits in a row; tried again if something committed between them (on SQLite the server's
 * jobs renew their lease row every few minutes; on PostgreSQL other test files commit to other
 * databases of the same server, which moves its snapshot; any commit rightly ends the replay).
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

describe.runIf(!!testPostgresUrl())("page cache on PostgreSQL with the rate limits in Redis (REDIS_URL)", () => {
  it("a counted API request is no database write: the catalog keeps replaying", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-cache-redis-"));
    const db = await createPostgresTestDatabase(testPostgresUrl()!, "kilnmark_cache_redis");
    const server = await spawnServer({
      dataDir,
      databaseUrl: db.url,
      env: { REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/15", SEED_DEMO_DATA: "yes" },
    });
    try {
      const get = async (p: string) => {
        const res = await fetch(server.url + p);
        await res.arrayBuffer();
        return res;
      };
      const list = await (await fetch(`${server.url}/works`)).text();
      const number = /href="\/works\/([A-Za-z0-9-]+)"/.exec(list)?.[1] ?? "";
      expect(number).toMatch(/\d{6}/);
      // The server is alone on its database, but other test files commit to other databases of
      // the same PostgreSQL server (its snapshot is the server's): a pair in which /works was
      // replayed after a counted request, in one of 10 tries, is what a write would never allow.
      let replayedAfterCountedRequest = false;
      for (let i = 0; i < 10 && !replayedAfterCountedRequest; i++) {
        await get("/works");
        const api = await get(`/api/v1/works/${number}`);
        expect(api.status).toBe(200);
        replayedAfterCountedRequest = (await get("/works")).headers.get(CACHE) === "hit";
      }
      expect(replayedAfterCountedRequest).toBe(true);
      // Counted in Redis, not in the database (without REDIS_URL each API call adds to this table).
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        expect((await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "rate_limits"`)).rows[0]!.n).toBe(0);
      } finally {
        await client.end();
      }
    } finally {
      await server.stop();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
