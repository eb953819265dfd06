/**
 * The catalog's page query is answered from the catalog-order index alone, on the database of
 * the run (SQLite, or PostgreSQL with TEST_POSTGRES_URL): the index Work(status, registeredAt,
 * registrationNumber, visibility, id) covers it, so a deep page skips its offset inside the index
 * instead of visiting a table row per skipped work (at 100,000 works on PostgreSQL the middle page
 * went from 80 ms to 17–19 ms; docs/benchmarks.md). Checked on the plans of the whole catalog's
 * page and of the public-only one, read from the end and from the start.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageQuery as postgresPageQuery } from "~/domain/registry/catalog-index-postgres.server";
import { pageQuery as sqlitePageQuery } from "~/domain/registry/catalog-index-sqlite.server";
import type { CatalogWhere, PageWindow } from "~/domain/registry/catalog-query";
import { dialectOf } from "~/utils/db.server";
import { createTestDb, type TestDb } from "../setup/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.cleanup());

const deep: PageWindow[] = [
  { page: 400, pages: 1000, offset: 9_576, limit: 24, fromEnd: false },
  { page: 700, pages: 1000, offset: 7_176, limit: 24, fromEnd: true },
];
const wheres: CatalogWhere[] = [{ publicOnly: false }, { publicOnly: true }];

describe("the catalog-order index covers the page query", () => {
  it("every deep page is an index-only read", async () => {
    for (const where of wheres) {
      for (const window of deep) {
        if (dialectOf(t.url) === "sqlite") {
          const q = sqlitePageQuery(where, window, 24_000, 24_000);
          const plan = await t.db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${q.sql}`, ...q.params);
          const details = plan.map((p) => p.detail).join(" | ");
          expect(details, JSON.stringify(where)).toMatch(/USING COVERING INDEX Work_status_registeredAt_registrationNumber_visibility_id_idx/);
          expect(details).not.toMatch(/TEMP B-TREE/); // in index order, no sort
        } else {
          const q = postgresPageQuery(where, window);
          // A handful of rows would be read by a sequential scan and a sort; the question here is
          // whether the index alone can answer, so those are taken off the table, and the
          // visibility map is set as autovacuum sets it.
          await t.db.$executeRawUnsafe(`VACUUM (ANALYZE) "Work"`);
          const plan = await t.db.$transaction(async (tx) => {
            await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
            await tx.$executeRawUnsafe("SET LOCAL enable_bitmapscan = off");
            await tx.$executeRawUnsafe("SET LOCAL enable_sort = off");
            return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${q.sql}`, ...q.params);
          });
          const text = plan.map((p) => p["QUERY PLAN"]).join("\n");
          expect(text, JSON.stringify(where)).toMatch(/Index Only Scan.* using "Work_status_registeredAt_registrationNumber_visibility_id_idx"/);
        }
      }
    }
  });
});
