/**
 * Motif matching through the public API: a registered work is found in a cropped, rotated and
 * padded copy (verdict "motif" with inliers and region), a sealed work shows only its number and
 * score, a flat photo is reported as too plain to compare by motif, an unrelated photo finds
 * nothing, and an engine that runs out of memory answers 503 without breaking the next request.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { createCatalogWork } from "../setup/factories-catalog";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { closeMotifPool, getMotifPool } from "~/domain/imaging/motif/motif-pool.server";
import { MOTIF_MIN_SCORE } from "~/domain/imaging/motif/motif-rules";
import { action as matchAction } from "~/routes/api+/v1.match";

const PHOTOS = path.resolve(process.cwd(), "../shared/fixtures/photos");
const photo = (rel: string, fallbackSeed: number) =>
  existsSync(PHOTOS)
    ? sharp(readFileSync(path.join(PHOTOS, rel)))
        .rotate()
        .resize(1600, 1600, { fit: "inside" })
        .jpeg({ quality: 90 })
        .toBuffer()
    : generateCeramicImage(fallbackSeed, "famille-rose");
if (!existsSync(PHOTOS)) console.warn(`motif API test uses generated pictures: ${PHOTOS} is absent`);

let t: TestDb;
let bowls: Awaited<ReturnType<typeof createCatalogWork>>;
let tiles: Awaited<ReturnType<typeof createCatalogWork>>;
let bowlsBytes: Buffer;
let tilesBytes: Buffer;

const readJson = async (r: Response): Promise<any> => r.json();
const ctx = (request: Request) => ({ request, params: {}, context: {} });

async function match(bytes: Buffer, lang = "en") {
  const form = new FormData();
  form.set("image", new File([new Uint8Array(bytes)], "copy.jpg"));
  const res = await matchAction(ctx(new Request("http://localhost/api/v1/match", { method: "POST", body: form, headers: { "Accept-Language": lang } })));
  return { status: res.status, body: await readJson(res) };
}

/** Cropped 6% per side, rotated 5 degrees, padded 15% with white: PDQ finds none of these. */
async function cropRotatePad(bytes: Buffer): Promise<Buffer> {
  const m = await sharp(bytes).metadata();
  const w = m.width!;
  const h = m.height!;
  const cropped = await sharp(bytes)
    .extract({ left: Math.round(w * 0.06), top: Math.round(h * 0.06), width: Math.round(w * 0.88), height: Math.round(h * 0.88) })
    .toBuffer();
  const rotated = await sharp(cropped).rotate(5, { background: "#ffffff" }).toBuffer();
  const r = await sharp(rotated).metadata();
  return sharp(rotated)
    .extend({
      top: Math.round(r.height! * 0.15),
      bottom: Math.round(r.height! * 0.15),
      left: Math.round(r.width! * 0.15),
      right: Math.round(r.width! * 0.15),
      background: "#ffffff",
    })
    .jpeg({ quality: 80 })
    .toBuffer();
}

beforeAll(async () => {
  t = await createTestDb();
  const chen = await createTestUser(t.db, "artisan", { name: "陈青" });
  bowlsBytes = await photo("unsplash/prachi-palwe-NLqNQ10ppe0-unsplash.jpg", 901);
  tilesBytes = await photo("unsplash/jon-tyson-FKkK1hnTe-Q-unsplash.jpg", 902);
  bowls = await createCatalogWork(t.db, t.dataDir, { ownerUserId: chen.id, ownerName: "陈青", titleEn: "Small glazed bowls", images: [bowlsBytes] });
  tiles = await createCatalogWork(t.db, t.dataDir, {
    ownerUserId: chen.id,
    ownerName: "陈青",
    visibility: "sealed",
    titleEn: "Secret tiles",
    images: [tilesBytes],
  });
}, 180_000);
afterAll(async () => {
  await closeMotifPool();
  await t.cleanup();
});

describe("POST /api/v1/match with motif matching", () => {
  it("finds the registered work in a cropped, rotated, padded copy", async () => {
    const { status, body } = await match(await cropRotatePad(bowlsBytes));
    expect(status).toBe(200);
    const first = body.matches[0];
    expect(first).toMatchObject({ registrationNumber: bowls.work.registrationNumber, viewKind: "front", verdict: "motif", sealed: false });
    expect(first.inliers).toBeGreaterThanOrEqual(MOTIF_MIN_SCORE);
    expect(first.region).toHaveLength(4);
    // The copy shows ~88% of the view: its outline extends beyond the view's edges (the padding).
    const xs = first.region.map((p: number[]) => p[0]);
    expect(Math.min(...xs)).toBeLessThan(0);
    expect(body.matches.some((m: { registrationNumber: string }) => m.registrationNumber === tiles.work.registrationNumber)).toBe(false);
    expect(body.query.motif).toMatchObject({ lowDetail: false });
  });

  it("names a sealed work by number and score only", async () => {
    const { body } = await match(await cropRotatePad(tilesBytes));
    const first = body.matches[0];
    expect(first).toMatchObject({ registrationNumber: tiles.work.registrationNumber, verdict: "motif", sealed: true });
    expect(Object.keys(first).sort()).toEqual(["distance", "inliers", "registrationNumber", "sealed", "verdict", "viewKind"]);
  });

  it("finds nothing in an unrelated photo", async () => {
    const other = existsSync(PHOTOS) ? await photo("kodak/kodim23.png", 0) : await generateCeramicImage(903, "blue-and-white");
    const { body } = await match(other);
    expect(body.matches.filter((m: { verdict: string }) => m.verdict !== "similar")).toEqual([]);
  });

  it("says a flat photo has too little detail to compare by motif", async () => {
    const flat = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#2f5d7c" } })
      .jpeg()
      .toBuffer();
    const en = await match(flat);
    expect(en.status).toBe(200);
    expect(en.body.query.motif).toMatchObject({ lowDetail: true, message: expect.stringContaining("Not enough detail to compare by motif") });
    const zh = await match(flat, "zh-CN");
    expect(zh.body.query.motif.message).toContain("细节不足");
  });

  it("answers 503 with a clear message when the image engine runs out of memory, and the next request works", async () => {
    const copy = await cropRotatePad(bowlsBytes);
    const pool = getMotifPool();
    const run = pool.run.bind(pool);
    // The request's first engine task is replaced by a real out-of-memory in OpenCV (a Mat larger
    // than the WebAssembly heap): the worker fails as it would on a photo too big for it.
    pool.run = ((_task: unknown, opts?: Parameters<typeof run>[1]) => {
      pool.run = run;
      return run({ task: "exhaust" }, opts);
    }) as typeof pool.run;
    try {
      const broken = await match(copy);
      expect(broken.status).toBe(503);
      expect(broken.body.error).toEqual({ code: "unavailable", message: expect.stringContaining("Motif matching is temporarily unavailable") });
    } finally {
      pool.run = run;
    }
    const again = await match(copy, "zh-CN");
    expect(again.status).toBe(200);
    expect(again.body.matches[0]).toMatchObject({ registrationNumber: bowls.work.registrationNumber, verdict: "motif" });
  });
});
