/**
 * The public side of the registry: catalog search, the work page's data, /verify lookups and the
 * public API routes (called directly with Request objects). Sealed works must never leak their
 * title, description or images through any of them.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { createCatalogWork } from "../setup/factories-catalog";
import { searchCatalog } from "~/domain/registry/search-catalog.server";
import { parseCatalogFilters } from "~/domain/registry/catalog-filters";
import { getRegisteredWork } from "~/domain/registry/get-registered-work.server";
import { matchPhoto } from "~/domain/registry/match-photo.server";
import { findViewsBySha256 } from "~/domain/registry/find-views-by-sha256.server";
import { formatRegistrationNumber } from "~/domain/registry/registration-number";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { loader as workApiLoader, action as workApiAction } from "~/routes/api+/v1.works.$registrationNumber";
import { action as matchAction, loader as matchLoader } from "~/routes/api+/v1.match";
import { loader as workPageLoader } from "~/routes/works+/$registrationNumber";
import { loader as catalogLoader } from "~/routes/works+/_index";
import { loader as verifyLoader, action as verifyAction } from "~/routes/verify+/_index";

let t: TestDb;
let chen: Awaited<ReturnType<typeof createTestUser>>;
let zhou: Awaited<ReturnType<typeof createTestUser>>;
let officer: Awaited<ReturnType<typeof createTestUser>>;
let lotus: Awaited<ReturnType<typeof createCatalogWork>>;
let peony: Awaited<ReturnType<typeof createCatalogWork>>;
let sealed: Awaited<ReturnType<typeof createCatalogWork>>;
let older: Awaited<ReturnType<typeof createCatalogWork>>;
let submitted: Awaited<ReturnType<typeof createCatalogWork>>;

const UNKNOWN = formatRegistrationNumber(2026, 999_999);
const SEALED_TITLE = "秘藏斗彩鸡缸杯";
const SEALED_DESCRIPTION = "secret-launch-design";

const readJson = async (r: Response): Promise<any> => r.json();
const ctx = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

beforeAll(async () => {
  t = await createTestDb();
  chen = await createTestUser(t.db, "artisan", { name: "陈青" });
  zhou = await createTestUser(t.db, "artisan", { name: "周白" });
  officer = await createTestUser(t.db, "officer");
  lotus = await createCatalogWork(t.db, t.dataDir, {
    ownerUserId: chen.id,
    ownerName: "陈青",
    titleZh: "青花缠枝莲纹梅瓶",
    titleEn: "Blue-and-white Lotus Meiping",
    descriptionEn: "Cobalt LOTUS scrolls on a meiping",
    seeds: [11, 12],
  });
  peony = await createCatalogWork(t.db, t.dataDir, {
    ownerUserId: zhou.id,
    ownerName: "周白",
    titleZh: "粉彩牡丹盘",
    titleEn: "Famille-rose peony plate",
    category: "tableware",
    techniques: ["fencai"],
    style: "famille-rose",
    seeds: [21],
  });
  sealed = await createCatalogWork(t.db, t.dataDir, {
    ownerUserId: zhou.id,
    ownerName: "周白",
    visibility: "sealed",
    titleZh: SEALED_TITLE,
    titleEn: "Secret doucai cup",
    descriptionEn: SEALED_DESCRIPTION,
    category: "tea_ware",
    techniques: ["doucai"],
    seeds: [31],
  });
  older = await createCatalogWork(t.db, t.dataDir, {
    ownerUserId: chen.id,
    ownerName: "陈青",
    titleZh: "颜色釉茶盏",
    titleEn: "Colour-glaze tea bowl",
    category: "tea_ware",
    techniques: ["colour_glaze"],
    registeredAt: new Date("2025-06-01T00:00:00Z"),
    seeds: [41],
  });
  submitted = await createCatalogWork(t.db, t.dataDir, {
    ownerUserId: chen.id,
    status: "submitted",
    titleZh: "待审青花罐",
    titleEn: "Pending jar",
    seeds: [51],
  });
}, 120_000);
afterAll(async () => t.cleanup());

const numbers = (entries: { registrationNumber: string }[]) => entries.map((e) => e.registrationNumber).sort();

describe("searchCatalog", () => {
  it("lists registered works only, sealed ones reduced to number, owner and date", async () => {
    const page = await searchCatalog({ filters: {} });
    expect(numbers(page.entries)).toEqual(numbers([lotus.work, peony.work, sealed.work, older.work] as { registrationNumber: string }[]));
    const s = page.entries.find((e) => e.registrationNumber === sealed.work.registrationNumber)!;
    expect(s).toEqual({
      sealed: true,
      registrationNumber: sealed.work.registrationNumber,
      ownerName: "周白",
      registeredAt: sealed.work.registeredAt!.toISOString(),
    });
    const l = page.entries.find((e) => e.registrationNumber === lotus.work.registrationNumber)!;
    expect(l).toMatchObject({ sealed: false, titleEn: "Blue-and-white Lotus Meiping", frontSha256: lotus.work.views[0]!.sha256 });
    expect(page.owners.map((o) => o.name).sort()).toEqual(["周白", "陈青"]);
    expect(page.years).toEqual([new Date().getUTCFullYear(), 2025].filter((y, i, a) => a.indexOf(y) === i));
  });

  it("searches titles and descriptions in both languages, case-insensitively", async () => {
    expect(numbers((await searchCatalog({ filters: { q: "lotus" } })).entries)).toEqual([lotus.work.registrationNumber]);
    expect(numbers((await searchCatalog({ filters: { q: "cobalt lotus" } })).entries)).toEqual([lotus.work.registrationNumber]);
    expect(numbers((await searchCatalog({ filters: { q: "牡丹" } })).entries)).toEqual([peony.work.registrationNumber]);
    expect((await searchCatalog({ filters: { q: "Pending" } })).total).toBe(0);
    // An exact registration number finds the work, sealed or not.
    expect(numbers((await searchCatalog({ filters: { q: sealed.work.registrationNumber!.toLowerCase() } })).entries)).toEqual([sealed.work.registrationNumber]);
  });

  it("filters by category, technique, owner and year; detail filters never surface sealed works", async () => {
    expect(numbers((await searchCatalog({ filters: { category: "tea_ware" } })).entries)).toEqual([older.work.registrationNumber]);
    expect((await searchCatalog({ filters: { technique: "doucai" } })).total).toBe(0);
    expect((await searchCatalog({ filters: { q: SEALED_TITLE } })).total).toBe(0);
    expect((await searchCatalog({ filters: { q: SEALED_DESCRIPTION } })).total).toBe(0);
    expect(numbers((await searchCatalog({ filters: { technique: "fencai" } })).entries)).toEqual([peony.work.registrationNumber]);
    const byZhou = await searchCatalog({ filters: { owner: `user:${zhou.id}` } });
    expect(numbers(byZhou.entries)).toEqual(numbers([peony.work, sealed.work] as { registrationNumber: string }[]));
    expect(numbers((await searchCatalog({ filters: { year: 2025 } })).entries)).toEqual([older.work.registrationNumber]);
    expect(numbers((await searchCatalog({ filters: { owner: `user:${chen.id}`, year: 2025 } })).entries)).toEqual([older.work.registrationNumber]);
  });

  it("paginates 24 per page, newest registration first", async () => {
    for (let i = 0; i < 22; i++) {
      await t.db.work.create({
        data: {
          status: "registered",
          titleZh: `分页测试 ${i}`,
          category: "other",
          ownerName: "分页",
          createdById: chen.id,
          ownerUserId: chen.id,
          registrationNumber: formatRegistrationNumber(2024, 100 + i),
          registeredAt: new Date(Date.UTC(2024, 0, 1 + i)),
        },
      });
    }
    const first = await searchCatalog({ filters: {} });
    expect(first.total).toBe(26);
    expect(first.pages).toBe(2);
    expect(first.entries).toHaveLength(24);
    const second = await searchCatalog({ filters: { page: 2 } });
    expect(second.entries).toHaveLength(2);
    expect(second.entries.map((e) => e.registrationNumber)).toEqual([formatRegistrationNumber(2024, 101), formatRegistrationNumber(2024, 100)]);
    // A page past the end shows the last page rather than nothing.
    expect((await searchCatalog({ filters: { page: 99 } })).page).toBe(2);
    await t.db.work.deleteMany({ where: { ownerName: "分页" } });
  });

  it("the catalog route never renders a sealed work's title, description or image", async () => {
    const res = await catalogLoader(ctx(new Request("http://x/works?owner=" + `user:${zhou.id}`)));
    const body = await res.text();
    expect(body).toContain(sealed.work.registrationNumber);
    expect(body).not.toContain(SEALED_TITLE);
    expect(body).not.toContain(SEALED_DESCRIPTION);
    expect(body).not.toContain(sealed.work.views[0]!.sha256);
    expect(parseCatalogFilters(new URLSearchParams("category=nope")).category).toBeUndefined();
  });
});

describe("getRegisteredWork and the work page", () => {
  it("gives the public everything about a public work and 404 for unknown, malformed or unregistered numbers", async () => {
    const w = await getRegisteredWork({ registrationNumber: lotus.work.registrationNumber! });
    expect(w?.details?.titleEn).toBe("Blue-and-white Lotus Meiping");
    expect(w?.details?.views.map((v) => v.kind)).toEqual(["front", "side"]);
    expect(w?.hashes[0]).toEqual({ sha256: lotus.work.views[0]!.sha256, pdq: lotus.work.views[0]!.pdq, phash: lotus.work.views[0]!.phash });
    expect(w?.details?.views[0]).toMatchObject({ kind: "front", pdqQuality: lotus.work.views[0]!.pdqQuality, weak: lotus.work.views[0]!.pdqQuality < 50 });
    for (const n of [UNKNOWN, "nonsense", "", "JDZ-2026-000001-0"]) {
      expect(await getRegisteredWork({ registrationNumber: n })).toBeNull();
      await expect(workPageLoader(ctx(new Request(`http://x/works/${n}`), { registrationNumber: n }))).rejects.toMatchObject({ status: 404 });
    }
    const withheld = await t.db.work.update({ where: { id: submitted.work.id }, data: { registrationNumber: formatRegistrationNumber(2026, 999_998) } });
    expect(await getRegisteredWork({ registrationNumber: withheld.registrationNumber! })).toBeNull();
    await t.db.work.update({ where: { id: submitted.work.id }, data: { registrationNumber: null } });
  });

  it("shows a sealed work's public subset to others and everything to its owner and officers", async () => {
    const pub = await getRegisteredWork({ registrationNumber: sealed.work.registrationNumber!, viewerId: chen.id });
    expect(pub).toMatchObject({ sealed: true, details: null, ownerName: "周白", revealedToViewer: false });
    expect(pub!.hashes).toHaveLength(1);
    expect(JSON.stringify(pub)).not.toContain(SEALED_TITLE);
    const owner = await getRegisteredWork({ registrationNumber: sealed.work.registrationNumber!, viewerId: zhou.id });
    expect(owner).toMatchObject({ revealedToViewer: true, details: { titleZh: SEALED_TITLE } });
    const staff = await getRegisteredWork({ registrationNumber: sealed.work.registrationNumber!, viewerId: officer.id });
    expect(staff?.details?.titleZh).toBe(SEALED_TITLE);

    const res = await workPageLoader(
      ctx(new Request(`http://x/works/${sealed.work.registrationNumber}`), { registrationNumber: sealed.work.registrationNumber! }),
    );
    const body = await res.text();
    expect(body).toContain(sealed.work.views[0]!.sha256); // the hash is public …
    expect(body).not.toContain(SEALED_TITLE); // … the title, description and image URLs are not
    expect(body).not.toContain(SEALED_DESCRIPTION);
    expect(body).not.toContain("/resources/images/");
  });
});

describe("/verify lookups", () => {
  it("finds a recompressed JPEG (q70) of a registered view as the same image, nothing stored", async () => {
    const jpeg = await sharp(lotus.images[1]).jpeg({ quality: 70 }).toBuffer();
    const result = await matchPhoto({ bytes: jpeg });
    expect(result.matches[0]).toMatchObject({ registrationNumber: lotus.work.registrationNumber, viewKind: "side", verdict: "same", sealed: false });
    expect(result.matches[0]!.distance).toBeLessThanOrEqual(31);
    expect(await t.db.workView.count({ where: { sha256: result.query.sha256 } })).toBe(0);
  });

  it("a rotated copy still matches (dihedral variants)", async () => {
    const rotated = await sharp(peony.images[0]).rotate(90).jpeg({ quality: 80 }).toBuffer();
    const result = await matchPhoto({ bytes: rotated });
    expect(result.matches[0]).toMatchObject({ registrationNumber: peony.work.registrationNumber, verdict: "same" });
  });

  it("an unrelated photo matches nothing; a submitted (unregistered) work is not found", async () => {
    const unrelated = await generateCeramicImage(9_999, "famille-rose");
    expect((await matchPhoto({ bytes: unrelated })).matches).toEqual([]);
    expect((await matchPhoto({ bytes: submitted.images[0]! })).matches).toEqual([]);
  });

  it("a sealed match carries its number only", async () => {
    const result = await matchPhoto({ bytes: sealed.images[0]! });
    expect(result.matches[0]).toEqual({
      registrationNumber: sealed.work.registrationNumber,
      viewKind: "front",
      distance: 0,
      verdict: "same",
      sealed: true,
      title: null,
      ownerName: "周白",
      imageSha256: null,
    });
  });

  it("looks up by exact SHA-256 (any case), refuses malformed hashes", async () => {
    const sha = lotus.work.views[0]!.sha256;
    expect(await findViewsBySha256({ sha256: sha.toUpperCase() })).toMatchObject([
      { registrationNumber: lotus.work.registrationNumber, viewKind: "front", distance: 0, verdict: "same" },
    ]);
    expect(await findViewsBySha256({ sha256: "0".repeat(64) })).toEqual([]);
    await expect(findViewsBySha256({ sha256: "abc" })).rejects.toMatchObject({ messageKey: "catalog.verify.badSha256" });
  });

  it("the verify route answers by number, by SHA-256 and by photo", async () => {
    const byNumber = await verifyLoader(
      ctx(new Request(`http://x/verify?number=${lotus.work.registrationNumber}`, { headers: { "X-Forwarded-For": "10.0.0.1" } })),
    );
    expect(await readJson(byNumber)).toMatchObject({
      result: { kind: "number", work: { registrationNumber: lotus.work.registrationNumber, title: { en: "Blue-and-white Lotus Meiping" } } },
    });
    const unknown = await verifyLoader(ctx(new Request(`http://x/verify?number=${UNKNOWN}`, { headers: { "X-Forwarded-For": "10.0.0.1" } })));
    expect(unknown.status).toBe(404);
    const bad = await verifyLoader(ctx(new Request("http://x/verify?sha256=zz", { headers: { "X-Forwarded-For": "10.0.0.1", "Accept-Language": "en" } })));
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).formError).toMatch(/SHA-256/);
    const sealedByNumber = await verifyLoader(
      ctx(new Request(`http://x/verify?number=${sealed.work.registrationNumber}`, { headers: { "X-Forwarded-For": "10.0.0.1" } })),
    );
    expect(await sealedByNumber.text()).not.toContain(SEALED_TITLE);

    const form = new FormData();
    form.set("photo", new File([await sharp(lotus.images[0]).jpeg({ quality: 70 }).toBuffer()], "copy.jpg", { type: "image/jpeg" }));
    const photo = await verifyAction(ctx(new Request("http://x/verify", { method: "POST", body: form, headers: { "X-Forwarded-For": "10.0.0.2" } })));
    expect(await readJson(photo)).toMatchObject({ kind: "photo", matches: [{ registrationNumber: lotus.work.registrationNumber, verdict: "same" }] });
  });

  it("rate-limits photo checks per address", async () => {
    let last = 0;
    for (let i = 0; i < 21; i++) {
      const form = new FormData();
      form.set("photo", new File([new Uint8Array(0)], "empty.jpg"));
      last = (await verifyAction(ctx(new Request("http://x/verify", { method: "POST", body: form, headers: { "X-Forwarded-For": "10.9.9.9" } })))).status;
    }
    expect(last).toBe(429);
  });
});

describe("public API", () => {
  const api = (path: string, init: RequestInit = {}) =>
    new Request(`http://x${path}`, { ...init, headers: { "X-Forwarded-For": "10.1.0.1", ...(init.headers as Record<string, string>) } });

  it("GET /api/v1/works/:n returns the public record", async () => {
    const res = await workApiLoader(ctx(api(`/api/v1/works/${lotus.work.registrationNumber}`), { registrationNumber: lotus.work.registrationNumber! }));
    expect(res.status).toBe(200);
    const json = await readJson(res);
    expect(json.work).toMatchObject({
      registrationNumber: lotus.work.registrationNumber,
      sealed: false,
      title: { en: "Blue-and-white Lotus Meiping" },
      category: "vase",
      techniques: ["qinghua"],
      owner: { name: "陈青" },
    });
    expect(json.work.views[0]).toMatchObject({
      kind: "front",
      sha256: lotus.work.views[0]!.sha256,
      image: `http://x/resources/images/${lotus.work.views[0]!.sha256}/1280`,
    });
  });

  it("a sealed work answers with its public subset only", async () => {
    const res = await workApiLoader(ctx(api(`/api/v1/works/${sealed.work.registrationNumber}`), { registrationNumber: sealed.work.registrationNumber! }));
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.work).toMatchObject({ sealed: true, title: null, description: null, category: null, techniques: null, authors: null, owner: { name: "周白" } });
    expect(body.work.views).toEqual([{ sha256: sealed.work.views[0]!.sha256, pdq: sealed.work.views[0]!.pdq, phash: sealed.work.views[0]!.phash }]);
    expect(text).not.toContain(SEALED_TITLE);
    expect(text).not.toContain("/resources/images/");
  });

  it("JSON errors: 400 malformed, 404 unknown, 405 wrong method", async () => {
    const bad = await workApiLoader(
      ctx(api("/api/v1/works/JDZ-2026-000001-0", { headers: { "Accept-Language": "en" } }), { registrationNumber: "JDZ-2026-000001-0" }),
    );
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).error).toMatchObject({ code: "invalid_registration_number" });
    const missing = await workApiLoader(ctx(api(`/api/v1/works/${UNKNOWN}`, { headers: { "Accept-Language": "zh-CN" } }), { registrationNumber: UNKNOWN }));
    expect(missing.status).toBe(404);
    expect(await readJson(missing)).toEqual({ error: { code: "not_found", message: "没有该登记号的已登记作品。" } });
    const post = await workApiAction(ctx(api(`/api/v1/works/${lotus.work.registrationNumber}`, { method: "POST" })));
    expect(post.status).toBe(405);
    const get = await matchLoader(ctx(api("/api/v1/match")));
    expect(get.status).toBe(405);
    expect((await readJson(get)).error.code).toBe("method_not_allowed");
  });

  it("POST /api/v1/match finds registered views of a recompressed copy", async () => {
    const form = new FormData();
    form.set("image", new File([await sharp(peony.images[0]).resize(700).jpeg({ quality: 70 }).toBuffer()], "copy.jpg"));
    const res = await matchAction(ctx(api("/api/v1/match", { method: "POST", body: form })));
    expect(res.status).toBe(200);
    const json = await readJson(res);
    expect(json.matches[0]).toMatchObject({ registrationNumber: peony.work.registrationNumber, viewKind: "front", verdict: "same" });
    expect(Object.keys(json.matches[0]).sort()).toEqual(["distance", "registrationNumber", "sealed", "verdict", "viewKind"]);
  });

  it("refused files get a 4xx JSON error with the UI's localized message", async () => {
    const svg = new FormData();
    svg.set("image", new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], "x.jpg"));
    const en = await matchAction(ctx(api("/api/v1/match", { method: "POST", body: svg, headers: { "Accept-Language": "en" } })));
    expect(en.status).toBe(415);
    expect(await readJson(en)).toEqual({
      error: { code: "unsupported_type", message: "This file is not an accepted image. Upload a JPEG, PNG, WebP, AVIF or TIFF photo." },
    });
    const empty = new FormData();
    empty.set("image", new File([new Uint8Array(0)], "x.jpg"));
    const zh = await matchAction(ctx(api("/api/v1/match", { method: "POST", body: empty, headers: { "Accept-Language": "zh-CN,zh;q=0.9" } })));
    expect(zh.status).toBe(400);
    expect((await readJson(zh)).error).toEqual({ code: "empty", message: "文件为空。" });
    const noField = await matchAction(ctx(api("/api/v1/match", { method: "POST", body: new FormData() })));
    expect(noField.status).toBe(400);
    const notMultipart = await matchAction(ctx(api("/api/v1/match", { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } })));
    expect(notMultipart.status).toBe(415);
    const huge = await matchAction(
      ctx(
        api("/api/v1/match", {
          method: "POST",
          body: "x",
          headers: { "Content-Type": "multipart/form-data; boundary=b", "Content-Length": String(40 * 1024 * 1024) },
        }),
      ),
    );
    expect(huge.status).toBe(413);
    expect((await readJson(huge)).error.code).toBe("too_large");
  });
});
