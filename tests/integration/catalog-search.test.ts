/**
 * The catalog at scale (issue 12), against the real migrated schema: FTS5 trigram search kept by
 * triggers, facet counts kept by triggers (checked against a full recount after registering,
 * sealing, transferring and deleting), the migration's backfill, and paging from either end of
 * the catalog order checked against a plain OFFSET query.
 */
import { onPostgres, sqliteOnly } from "../setup/dialect";
import fs from "node:fs";
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { searchCatalog } from "~/domain/registry/search-catalog.server";
import { formatRegistrationNumber } from "~/domain/registry/registration-number";
import { loader as catalogLoader } from "~/routes/works+/_index";

let t: TestDb;
let chen: Awaited<ReturnType<typeof createTestUser>>;
let zhou: Awaited<ReturnType<typeof createTestUser>>;
let seq = 1000;

type WorkInput = {
  ownerUserId: string;
  ownerName: string;
  titleZh: string;
  titleEn?: string;
  descriptionZh?: string;
  descriptionEn?: string;
  visibility?: "public" | "sealed";
  status?: "registered" | "submitted" | "draft";
  category?: string;
  techniques?: string[];
  makers?: { name: string; nameEn?: string }[];
  registeredAt?: Date;
  seq?: number;
};

async function work(db: PrismaClient, input: WorkInput) {
  const status = input.status ?? "registered";
  const registeredAt = input.registeredAt ?? new Date(Date.UTC(2026, 0, 1) + seq * 60_000);
  return db.work.create({
    data: {
      status,
      visibility: input.visibility ?? "public",
      titleZh: input.titleZh,
      titleEn: input.titleEn ?? "",
      descriptionZh: input.descriptionZh ?? "",
      descriptionEn: input.descriptionEn ?? "",
      category: input.category ?? "vase",
      techniques: JSON.stringify(input.techniques ?? ["qinghua"]),
      ownerUserId: input.ownerUserId,
      ownerName: input.ownerName,
      createdById: input.ownerUserId,
      registrationNumber: status === "registered" ? formatRegistrationNumber(registeredAt.getUTCFullYear(), input.seq ?? ++seq) : null,
      registeredAt: status === "registered" ? registeredAt : null,
      authors: { create: (input.makers ?? [{ name: "佚名" }]).map((m, i) => ({ name: m.name, nameEn: m.nameEn ?? "", order: i })) },
    },
  });
}

const numbers = (page: { entries: { registrationNumber: string }[] }) => page.entries.map((e) => e.registrationNumber).sort();
const search = async (q: string) => numbers(await searchCatalog({ filters: { q } }));

/** Facet counts recomputed from scratch the way the old catalog did, for comparison. */
async function recount(db: PrismaClient) {
  const rows = await db.$queryRawUnsafe<{ facet: string; key: string; label: string; works: number | bigint }[]>(`
    SELECT 'all' AS facet, '' AS key, '' AS label, count(*) AS works FROM "Work" WHERE "status" = 'registered' AND "registrationNumber" IS NOT NULL HAVING count(*) > 0
    UNION ALL SELECT 'owner', CASE WHEN "ownerOrgId" IS NOT NULL THEN 'org:' || "ownerOrgId" ELSE 'user:' || "ownerUserId" END, "ownerName", count(*) FROM "Work"
      WHERE "status" = 'registered' AND "registrationNumber" IS NOT NULL GROUP BY 2, 3
    UNION ALL SELECT 'year', ${onPostgres ? `to_char("registeredAt", 'YYYY')` : `strftime('%Y', "registeredAt")`}, '', count(*) FROM "Work" WHERE "status" = 'registered' AND "registrationNumber" IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'category', "category", '', count(*) FROM "Work" WHERE "status" = 'registered' AND "registrationNumber" IS NOT NULL AND "visibility" = 'public' GROUP BY 2
    UNION ALL SELECT 'technique', ${onPostgres ? `j` : `j."value"`}, '', count(DISTINCT w."id") FROM "Work" w, ${onPostgres ? `jsonb_array_elements_text(w."techniques"::jsonb) j` : `json_each(w."techniques") j`}
      WHERE w."status" = 'registered' AND w."registrationNumber" IS NOT NULL AND w."visibility" = 'public' GROUP BY 2`);
  return rows.map((r) => `${r.facet}|${r.key}|${r.label}|${Number(r.works)}`).sort();
}
async function maintained(db: PrismaClient) {
  const rows = await db.catalogFacet.findMany();
  return rows.map((r) => `${r.facet}|${r.key}|${r.label}|${r.works}`).sort();
}

beforeAll(async () => {
  t = await createTestDb();
  chen = await createTestUser(t.db, "artisan", { name: "陈青" });
  zhou = await createTestUser(t.db, "artisan", { name: "周白" });
}, 120_000);
afterAll(async () => t.cleanup());

describe("catalog search (FTS5 trigram)", () => {
  let plum: Awaited<ReturnType<typeof work>>;
  let bowl: Awaited<ReturnType<typeof work>>;
  let percent: Awaited<ReturnType<typeof work>>;
  let under: Awaited<ReturnType<typeof work>>;
  let fifth: Awaited<ReturnType<typeof work>>;
  let secret: Awaited<ReturnType<typeof work>>;
  let draft: Awaited<ReturnType<typeof work>>;

  beforeAll(async () => {
    plum = await work(t.db, {
      ownerUserId: chen.id,
      ownerName: "陈青工作室",
      titleZh: "青花缠枝莲纹梅瓶",
      titleEn: "Lotus meiping",
      descriptionZh: "钴料发色浓艳，柴窑烧成",
      makers: [{ name: "王德山", nameEn: "Wang Deshan" }],
    });
    bowl = await work(t.db, {
      ownerUserId: zhou.id,
      ownerName: "周白",
      titleZh: "粉彩花鸟碗",
      titleEn: "Famille-rose bowl",
      descriptionEn: "Painted with magpies on a plum branch",
      makers: [{ name: "李秀", nameEn: "Li Xiu" }],
    });
    percent = await work(t.db, { ownerUserId: zhou.id, ownerName: "周白", titleZh: "百分百釉", titleEn: "Glaze 100% lead-free" });
    under = await work(t.db, { ownerUserId: zhou.id, ownerName: "周白", titleZh: "下划线", titleEn: "snake_case vase" });
    fifth = await work(t.db, {
      ownerUserId: chen.id,
      ownerName: "陈青工作室",
      titleZh: "影青刻花盘",
      titleEn: "Qingbai plate",
      seq: 5,
      registeredAt: new Date("2024-05-05T00:00:00Z"),
    });
    secret = await work(t.db, {
      ownerUserId: zhou.id,
      ownerName: "周白",
      visibility: "sealed",
      titleZh: "秘藏斗彩鸡缸杯",
      titleEn: "Secret chicken cup",
      descriptionEn: "unreleased-design",
      makers: [{ name: "隐名匠", nameEn: "Hidden Maker" }],
    });
    draft = await work(t.db, { ownerUserId: chen.id, ownerName: "陈青工作室", status: "submitted", titleZh: "待审梅瓶", titleEn: "Pending meiping" });
  });

  it("finds Chinese substrings of one, two and three or more characters", async () => {
    expect(await search("瓶")).toEqual([plum.registrationNumber]);
    expect(await search("梅瓶")).toEqual([plum.registrationNumber]);
    expect(await search("缠枝莲")).toEqual([plum.registrationNumber]);
    expect(await search("青花缠枝莲纹梅瓶")).toEqual([plum.registrationNumber]);
    expect(await search("碗")).toEqual([bowl.registrationNumber]);
    expect(await search("莲纹 梅瓶")).toEqual([plum.registrationNumber]); // every term must occur
    expect(await search("莲纹 碗")).toEqual([]);
    // The last character of a field is found too (the search text is padded).
    expect(await search("盘")).toEqual([fifth.registrationNumber]);
  });

  it("searches English case-insensitively, in descriptions, maker names and owner names", async () => {
    expect(await search("LOTUS")).toEqual([plum.registrationNumber]);
    expect(await search("magpies")).toEqual([bowl.registrationNumber]);
    expect(await search("柴窑")).toEqual([plum.registrationNumber]);
    expect(await search("王德山")).toEqual([plum.registrationNumber]);
    expect(await search("li xiu")).toEqual([bowl.registrationNumber]); // the maker's English name, two terms
    expect(await search("xiu wang")).toEqual([]);
    expect(await search("陈青工作室")).toEqual(numbers({ entries: [plum, fifth] as { registrationNumber: string }[] }));
  });

  it("finds partial registration numbers; an exact number still finds the one work", async () => {
    expect(fifth.registrationNumber).toMatch(/^JDZ-2024-000005-/);
    expect(await search("000005")).toEqual([fifth.registrationNumber]);
    expect(await search("2024-000005")).toEqual([fifth.registrationNumber]);
    expect(await search(fifth.registrationNumber!.toLowerCase())).toEqual([fifth.registrationNumber]);
  });

  it("treats %, _ and FTS syntax as literal characters", async () => {
    expect(await search("%")).toEqual([percent.registrationNumber]);
    expect(await search("100%")).toEqual([percent.registrationNumber]);
    expect(await search("_")).toEqual([under.registrationNumber]);
    expect(await search("e_c")).toEqual([under.registrationNumber]);
    expect(await search("%%")).toEqual([]);
    for (const q of ['"', '"lotus', "lotus*", "NEAR(lotus meiping)", "title:lotus", "lotus OR bowl", "^lotus", "(", "-lotus"]) {
      await expect(searchCatalog({ filters: { q } }), q).resolves.toBeDefined();
    }
    expect(await search('lotus"')).toEqual([]);
    expect(await search("lotus*")).toEqual([]);
  });

  it("never finds a sealed work by its hidden details, nor by public facts through text search (unchanged)", async () => {
    for (const q of ["秘藏", "鸡缸杯", "chicken", "unreleased", "隐名匠", "Hidden", "缸"]) expect(await search(q), q).toEqual([]);
    // Text search lists public works only, as before, even by the owner's (public) name.
    expect(await search("周白")).toEqual(numbers({ entries: [bowl, percent, under] as { registrationNumber: string }[] }));
    // The exact number and the owner filter still list it, reduced to its public facts.
    const byNumber = await searchCatalog({ filters: { q: secret.registrationNumber! } });
    expect(byNumber.entries).toEqual([
      { sealed: true, registrationNumber: secret.registrationNumber, ownerName: "周白", registeredAt: secret.registeredAt!.toISOString() },
    ]);
    expect(numbers(await searchCatalog({ filters: { owner: `user:${zhou.id}` } }))).toContain(secret.registrationNumber);
    const res = await catalogLoader({ request: new Request(`http://x/works?owner=user:${zhou.id}`), params: {}, context: {} });
    const body = await res.text();
    expect(body).toContain(secret.registrationNumber!);
    expect(body).not.toContain("秘藏");
    expect(body).not.toContain("unreleased");
  });

  it("keeps the index current: edits, makers, sealing, unsealing, deletion; unregistered works are never searchable", async () => {
    expect(await search("待审")).toEqual([]);
    await t.db.work.update({ where: { id: bowl.id }, data: { titleZh: "粉彩婴戏图碗" } });
    expect(await search("婴戏")).toEqual([bowl.registrationNumber]);
    expect(await search("花鸟")).toEqual([]);
    await t.db.author.create({ data: { workId: bowl.id, name: "赵新", nameEn: "Zhao Xin", order: 1 } });
    expect(await search("赵新")).toEqual([bowl.registrationNumber]);
    await t.db.author.deleteMany({ where: { workId: bowl.id, name: "赵新" } });
    expect(await search("赵新")).toEqual([]);
    await t.db.work.update({ where: { id: bowl.id }, data: { visibility: "sealed" } });
    expect(await search("婴戏")).toEqual([]);
    await t.db.work.update({ where: { id: bowl.id }, data: { visibility: "public" } });
    expect(await search("婴戏")).toEqual([bowl.registrationNumber]);
    // Registering a submitted work makes it searchable.
    const registered = await t.db.work.update({
      where: { id: draft.id },
      data: { status: "registered", registrationNumber: formatRegistrationNumber(2026, ++seq), registeredAt: new Date() },
    });
    expect(await search("待审")).toEqual([registered.registrationNumber]);
    await t.db.work.delete({ where: { id: draft.id } });
    expect(await search("待审")).toEqual([]);
    expect(await t.db.catalogSearchRow.count({ where: { workId: draft.id } })).toBe(0);
  });
});

describe("facet counts", () => {
  it("stay equal to a full recount through registering, sealing, transferring and deleting", async () => {
    expect(await maintained(t.db)).toEqual(await recount(t.db));
    const w = await work(t.db, {
      ownerUserId: chen.id,
      ownerName: "陈青工作室",
      status: "submitted",
      titleZh: "新作",
      techniques: ["doucai", "doucai", "fencai"],
      category: "tea_ware",
    });
    expect(await maintained(t.db)).toEqual(await recount(t.db));
    await t.db.work.update({
      where: { id: w.id },
      data: { status: "registered", registrationNumber: formatRegistrationNumber(2027, 1), registeredAt: new Date("2027-02-01T00:00:00Z") },
    });
    expect(await maintained(t.db)).toEqual(await recount(t.db));
    const page = await searchCatalog({ filters: {} });
    expect(page.years[0]).toBe(2027);
    expect((await searchCatalog({ filters: { technique: "doucai" } })).total).toBe(1);
    await t.db.work.update({ where: { id: w.id }, data: { visibility: "sealed" } }); // seal
    expect(await maintained(t.db)).toEqual(await recount(t.db));
    expect((await searchCatalog({ filters: { technique: "doucai" } })).total).toBe(0);
    await t.db.work.update({ where: { id: w.id }, data: { ownerUserId: zhou.id, ownerName: "周白" } }); // transfer
    expect(await maintained(t.db)).toEqual(await recount(t.db));
    expect((await searchCatalog({ filters: { owner: `user:${zhou.id}` } })).entries.map((e) => e.registrationNumber)).toContain(
      formatRegistrationNumber(2027, 1),
    );
    await t.db.work.update({ where: { id: w.id }, data: { status: "revoked" } });
    expect(await maintained(t.db)).toEqual(await recount(t.db));
    await t.db.work.delete({ where: { id: w.id } });
    expect(await maintained(t.db)).toEqual(await recount(t.db));
    expect((await searchCatalog({ filters: {} })).years[0]).toBe(2026);
    const owners = (await searchCatalog({ filters: {} })).owners;
    expect(owners.map((o) => o.name).sort()).toEqual(["周白", "陈青工作室"]);
  });

  it.skipIf(!onPostgres)("PostgreSQL: kilnmark_rebuild_catalog() (bulk loads, repair) rebuilds exactly what the triggers keep", async () => {
    const searchRows = async () =>
      (await t.db.$queryRawUnsafe<{ workId: string; document: string }[]>(`SELECT "workId", "document" FROM "WorkSearch" ORDER BY "workId"`)).map((r) =>
        JSON.stringify(r),
      );
    const [facets, search] = [await maintained(t.db), await searchRows()];
    expect(search.length).toBeGreaterThan(0);
    await t.db.$executeRawUnsafe(`SELECT "kilnmark_rebuild_catalog"()`);
    expect(await maintained(t.db)).toEqual(facets);
    expect(await searchRows()).toEqual(search);
  });

  it.skipIf(onPostgres)(
    sqliteOnly("the migration's backfill builds the same search rows and counts as the triggers", "the PostgreSQL baseline starts empty"),
    async () => {
      const sql = fs.readFileSync("prisma/migrations/20261130093000_catalog_search/migration.sql", "utf8");
      const backfill = sql.slice(sql.indexOf("-- Backfill"), sql.indexOf("CREATE TRIGGER"));
      const snapshot = async () => ({
        facets: await maintained(t.db),
        search: (
          await t.db.$queryRawUnsafe<Record<string, unknown>[]>(
            `SELECT r."workId", s.* FROM "WorkSearch" s JOIN "CatalogSearchRow" r ON r."id" = s."rowid" ORDER BY r."workId"`,
          )
        ).map((r) => JSON.stringify(r)),
      });
      const before = await snapshot();
      expect(before.search.length).toBeGreaterThan(3);
      await t.db.$executeRawUnsafe(`DELETE FROM "WorkSearch"`);
      await t.db.$executeRawUnsafe(`DELETE FROM "CatalogSearchRow"`);
      await t.db.$executeRawUnsafe(`DELETE FROM "CatalogFacet"`);
      for (const statement of backfill
        .split(/;\s*\n/)
        .map((s) => s.replace(/^--.*$/gm, "").trim())
        .filter(Boolean))
        await t.db.$executeRawUnsafe(statement);
      expect(await snapshot()).toEqual(before);
    },
  );

  it.skipIf(onPostgres)(
    sqliteOnly(
      "the catalog's triggers exist after all migrations (a later migration redefining Work or Author must re-create them)",
      "PostgreSQL keeps triggers when a table changes",
    ),
    async () => {
      const rows = await t.db.$queryRawUnsafe<{ name: string }[]>(
        `SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%catalog%' ORDER BY name`,
      );
      expect(rows.map((r) => r.name)).toEqual([
        "Author_catalog_search_delete",
        "Author_catalog_search_insert",
        "Author_catalog_search_update",
        "Work_catalog_facets_delete",
        "Work_catalog_facets_insert",
        "Work_catalog_facets_update",
        "Work_catalog_search_delete",
        "Work_catalog_search_insert",
        "Work_catalog_search_update",
      ]);
    },
  );
});

describe("paging", () => {
  it("every page, from either end, equals the plain OFFSET result; with filters and text too", async () => {
    // 70 more works, some sharing a registration time (ties broken by number).
    for (let i = 0; i < 70; i++) {
      await work(t.db, {
        ownerUserId: i % 3 ? chen.id : zhou.id,
        ownerName: i % 3 ? "陈青工作室" : "周白",
        titleZh: `分页青瓷 ${i}`,
        visibility: i % 7 === 0 ? "sealed" : "public",
        registeredAt: new Date(Date.UTC(2025, 0, 1 + Math.floor(i / 2))),
        category: i % 2 ? "vase" : "tableware",
      });
    }
    const registered = { status: "registered", registrationNumber: { not: null } } as const;
    const cases = [
      { filters: {}, where: registered },
      { filters: { owner: `user:${chen.id}` }, where: { ...registered, ownerUserId: chen.id } },
      {
        filters: { category: "vase" as const, year: 2025 },
        where: {
          ...registered,
          visibility: "public",
          category: "vase",
          registeredAt: { gte: new Date("2025-01-01T00:00:00Z"), lt: new Date("2026-01-01T00:00:00Z") },
        },
      },
      { filters: { q: "分页青瓷" }, where: { ...registered, visibility: "public", titleZh: { contains: "分页青瓷" } } },
      { filters: { q: "瓷" }, where: { ...registered, visibility: "public", OR: [{ titleZh: { contains: "瓷" } }, { descriptionZh: { contains: "瓷" } }] } },
    ];
    for (const c of cases) {
      const expected = (
        await t.db.work.findMany({ where: c.where, orderBy: [{ registeredAt: "desc" }, { registrationNumber: "desc" }], select: { registrationNumber: true } })
      ).map((w) => w.registrationNumber);
      const first = await searchCatalog({ filters: c.filters });
      expect(first.total, JSON.stringify(c.filters)).toBe(expected.length);
      expect(first.pages).toBe(Math.max(1, Math.ceil(expected.length / 24)));
      const got: string[] = [];
      for (let p = 1; p <= first.pages; p++)
        got.push(...(await searchCatalog({ filters: { ...c.filters, page: p } })).entries.map((e) => e.registrationNumber));
      expect(got, JSON.stringify(c.filters)).toEqual(expected);
    }
    expect((await searchCatalog({ filters: { page: 100_000 } })).page).toBe((await searchCatalog({ filters: {} })).pages);
  });
});
