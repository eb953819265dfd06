/**
 * The outside check, rehearsed on the photos we have (../shared/fixtures/photos): pieces
 * registered through ingest and the registry, then edited copies, a mock-up and photos of other
 * pieces sent to POST /api/v1/match. Every edit kind must find the original as the first
 * confident match (any verdict but `similar`), and no photo may give a confident match on a
 * wrong work. The hard negatives are the ones that fooled the matcher before the photometric
 * check: different pieces photographed in front of the same textured wall (the same wall pixels
 * behind each piece, and the wall with the camera moved), pieces on the same studio backdrop,
 * and demo pieces drawn with the same glaze palette and motif shapes.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { createCatalogWork } from "../setup/factories-catalog";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { closeMotifPool } from "~/domain/imaging/motif/motif-pool.server";
import { applyEdit, pieceOnBackdrop, uprightRgb, type EditName, type Rgb } from "~/domain/imaging/motif/photo-edits.server";
import { action as matchAction } from "~/routes/api+/v1.match";

const PHOTOS = path.resolve(process.cwd(), "../shared/fixtures/photos");
const present = existsSync(PHOTOS);
if (!present) console.warn(`motif outside-check test skipped: ${PHOTOS} is absent (shared photo fixtures not installed)`);
const read = (rel: string) => readFileSync(path.join(PHOTOS, rel));

type Body = any;
let sent = 0;
async function match(bytes: Buffer): Promise<Body> {
  const form = new FormData();
  form.set("image", new File([new Uint8Array(bytes)], "copy.jpg"));
  // One checker address per request: the API's per-address limit (30 a minute) is not under test.
  const headers = { "X-Forwarded-For": `198.51.100.${++sent % 250}` };
  const res = await matchAction({ request: new Request("http://localhost/api/v1/match", { method: "POST", body: form, headers }), params: {}, context: {} });
  expect(res.status).toBe(200);
  return res.json();
}
const confident = (body: Body): { registrationNumber: string; verdict: string; inliers?: number }[] =>
  body.matches.filter((m: { verdict: string }) => m.verdict !== "similar");

/** A product mock-up: the photo shrunk, turned and dropped with a shadow onto a lifestyle picture. */
async function mockup(p: Rgb, scene: Buffer): Promise<Buffer> {
  const bg = await sharp(scene).resize(1400, 1000, { fit: "cover" }).png().toBuffer();
  const card = await sharp(p.data, { raw: { width: p.width, height: p.height, channels: 3 } })
    .resize(560)
    .extend({ top: 16, bottom: 16, left: 16, right: 16, background: "#ffffff" })
    .rotate(-9, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer();
  const m = await sharp(card).metadata();
  const shadow = await sharp({ create: { width: m.width!, height: m.height!, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.35 } } })
    .png()
    .toBuffer();
  return sharp(bg)
    .composite([
      { input: shadow, left: 430, top: 200 },
      { input: card, left: 410, top: 180 },
    ])
    .jpeg({ quality: 82 })
    .toBuffer();
}

const EDITS: EditName[] = ["crop12", "rotate7", "pad20", "banner", "perspective", "mirrored", "screenshot", "shear", "transplant"];

describe.skipIf(!present)("outside check: registered pieces, their copies and other pieces through POST /api/v1/match", () => {
  let t: TestDb;
  const pieces: { name: string; rgb: Rgb; number: string }[] = [];
  let wall: Buffer;

  beforeAll(async () => {
    t = await createTestDb();
    const owner = await createTestUser(t.db, "artisan", { name: "陈青" });
    wall = read("unsplash/robert-horvick-1R4uPYipCFM-unsplash.jpg");
    const sources: [string, () => Promise<Buffer>][] = [
      ["bowls", async () => read("unsplash/prachi-palwe-NLqNQ10ppe0-unsplash.jpg")],
      ["tiles", async () => read("unsplash/andrew-ridley-jR4Zf-riEjI-unsplash.jpg")],
      ["plate on the wall", () => pieceOnBackdrop("wall", 61_001, wall)],
      ["plate in the studio", () => pieceOnBackdrop("studio", 61_002)],
    ];
    for (const [name, bytesOf] of sources) {
      const bytes = await sharp(await bytesOf())
        .rotate()
        .resize(1600, 1600, { fit: "inside" })
        .jpeg({ quality: 90 })
        .toBuffer();
      const { work } = await createCatalogWork(t.db, t.dataDir, { ownerUserId: owner.id, ownerName: "陈青", titleEn: name, images: [bytes] });
      pieces.push({ name, rgb: await uprightRgb(bytes), number: work.registrationNumber! });
    }
    // A registered demo piece of the same palette and motif shapes as the negatives below.
    const { work } = await createCatalogWork(t.db, t.dataDir, {
      ownerUserId: owner.id,
      ownerName: "陈青",
      titleEn: "demo vase",
      images: [await generateCeramicImage(41_000, "famille-rose")],
    });
    pieces.push({ name: "demo vase", rgb: await uprightRgb(await generateCeramicImage(41_000, "famille-rose")), number: work.registrationNumber! });
  }, 300_000);
  afterAll(async () => {
    await closeMotifPool();
    await t?.cleanup();
  });

  it("finds the original first for every edit kind and a mock-up, and nothing else confidently", async () => {
    const other = await uprightRgb(read("kodak/kodim20.png"));
    const scene = read("kodak/kodim16.png");
    const misses: string[] = [];
    const wrong: string[] = [];
    for (const piece of pieces) {
      for (const kind of [...EDITS, "mockup"] as const) {
        const bytes = kind === "mockup" ? await mockup(piece.rgb, scene) : await applyEdit(kind, piece.rgb, other);
        const found = confident(await match(bytes));
        if (found[0]?.registrationNumber !== piece.number) misses.push(`${kind} of ${piece.name}: ${JSON.stringify(found)}`);
        for (const f of found) if (f.registrationNumber !== piece.number) wrong.push(`${kind} of ${piece.name} -> ${f.registrationNumber} (${f.inliers})`);
      }
    }
    // ≥ 90% of every kind: with 5 pieces a kind may miss none.
    expect(misses).toEqual([]);
    expect(wrong).toEqual([]);
  }, 600_000);

  it("gives no confident match for other pieces on the same wall, the same backdrop, or with the same motifs", async () => {
    const others: [string, Buffer][] = [
      ["another plate, same wall pixels", await pieceOnBackdrop("wall", 61_003, wall)],
      ["another plate, same wall, camera moved", await pieceOnBackdrop("wallMoved", 61_005, wall)],
      ["another plate, same studio backdrop", await pieceOnBackdrop("studio", 61_004)],
      ["another demo vase, same palette and motifs", await generateCeramicImage(41_002, "famille-rose")],
      ["another ceramics photo", read("unsplash/jon-tyson-FKkK1hnTe-Q-unsplash.jpg")],
    ];
    const wrong: string[] = [];
    for (const [name, bytes] of others) {
      const found = confident(await match(await sharp(bytes).rotate().resize(1600, 1600, { fit: "inside" }).jpeg({ quality: 88 }).toBuffer()));
      if (found.length) wrong.push(`${name}: ${JSON.stringify(found)}`);
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});
