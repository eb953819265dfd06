/**
 * A search matching more than COUNT_CAP works (SQLite FTS5 and PostgreSQL pg_trgm alike): the
 * count stops at the cap, the page says "more than 10,000", page 1 is the newest matches and
 * the last page ends at the cap; a narrower search is counted exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { COUNT_CAP } from "~/domain/registry/catalog-query";
import { parseCatalogFilters } from "~/domain/registry/catalog-filters";
import { searchCatalog } from "~/domain/registry/search-catalog.server";
import { formatRegistrationNumber } from "~/domain/registry/registration-number";
import { loader as catalogLoader } from "~/routes/works+/_index";

let t: TestDb;
const MANY = COUNT_CAP + 50;

beforeAll(async () => {
  t = await createTestDb();
  const owner = await createTestUser(t.db, "artisan", { name: "陈青" });
  const start = Date.parse("2026-01-01T00:00:00Z");
  for (let from = 0; from < MANY; from += 2000) {
    await t.db.work.createMany({
      data: Array.from({ length: Math.min(2000, MANY - from) }, (_, j) => {
        const i = from + j;
        return {
          status: "registered",
          visibility: "public",
          // Every title has 梅瓶; one in a hundred also has 釉里红.
          titleZh: i % 100 === 0 ? `釉里红梅瓶 ${i}` : `青花梅瓶 ${i}`,
          titleEn: `Meiping ${i}`,
          category: "vase",
          ownerUserId: owner.id,
          ownerName: "陈青",
          createdById: owner.id,
          registrationNumber: formatRegistrationNumber(2026, i + 1),
          submittedAt: new Date(start + i * 1000),
          registeredAt: new Date(start + i * 1000),
        };
      }),
    });
  }
}, 300_000);
afterAll(async () => t.cleanup());

const search = (q: string, page?: number) =>
  searchCatalog({ filters: parseCatalogFilters(new URLSearchParams({ q, ...(page ? { page: String(page) } : {}) })) });

describe("capped catalog counts", () => {
  it("counts a common term up to the cap and pages up to it, newest first", async () => {
    const first = await search("梅瓶");
    expect(first).toMatchObject({ total: COUNT_CAP, totalCapped: true, page: 1, pages: Math.ceil(COUNT_CAP / 24) });
    expect(first.entries[0]).toMatchObject({ registrationNumber: formatRegistrationNumber(2026, MANY) });
    const last = await search("梅瓶", 99_999);
    expect(last.page).toBe(first.pages);
    expect(last.entries).toHaveLength(COUNT_CAP - (first.pages - 1) * 24);
    // Still newest first: the last capped page continues where the one before it stopped.
    const before = await search("梅瓶", first.pages - 1);
    expect(last.entries[0]!.registrationNumber < before.entries.at(-1)!.registrationNumber).toBe(true);
    expect(last.entries[0]).toMatchObject({ registrationNumber: formatRegistrationNumber(2026, MANY - (first.pages - 1) * 24) });
  });

  it("counts a rarer term exactly", async () => {
    const rare = await search("釉里红");
    expect(rare).toMatchObject({ total: Math.ceil(MANY / 100), totalCapped: false });
  });

  it("the catalog route hands the page the capped flag", async () => {
    const res = await catalogLoader({ request: new Request(`http://x/works?q=${encodeURIComponent("梅瓶")}`), params: {}, context: {} });
    expect(await res.json()).toMatchObject({ total: COUNT_CAP, totalCapped: true });
  });
});
