/**
 * The local-feature matcher on real photos (../shared/fixtures/photos): every edit kind an
 * infringer makes is found at score >= MOTIF_MIN_SCORE, different photos stay below it, a flat
 * image reports too few keypoints, and an engine failure answers UNAVAILABLE without breaking
 * the pool.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDomainError } from "~/domain/errors";
import { extractFeatures, extractQueryFeatures, mirror } from "./extract-features.server";
import { readFeatureSet } from "./feature-set";
import { MotifIndex } from "./motif-index";
import { getVocabulary } from "./motif-index.server";
import { closeMotifPool, motifPoolSize, runMotifTask } from "./motif-pool.server";
import { isMotifMatch, MOTIF_MIN_KEYPOINTS, MOTIF_MIN_SCORE, motifRejection } from "./motif-rules";
import { applyEdit, EDIT_NAMES, pieceOnBackdrop, uprightRgb, type Rgb } from "./photo-edits.server";
import { searchMotif } from "./motif-search.server";
import { verifyCandidates } from "./verify-candidates.server";

const PHOTOS = path.resolve(process.cwd(), "../shared/fixtures/photos");
const present = existsSync(PHOTOS);
if (!present) console.warn(`motif matcher tests skipped: ${PHOTOS} is absent (shared photo fixtures not installed)`);

const FILES = [
  "unsplash/prachi-palwe-NLqNQ10ppe0-unsplash.jpg", // small bowls
  "unsplash/andrew-ridley-jR4Zf-riEjI-unsplash.jpg", // glazed tiles
  "unsplash/jon-tyson-FKkK1hnTe-Q-unsplash.jpg", // glazed tiles
  "kodak/kodim05.png",
  "kodak/kodim23.png",
];

describe.skipIf(!present)("motif matcher on real photos", () => {
  const photos: Rgb[] = [];
  const registered: { id: string; features: Uint8Array; width: number; height: number }[] = [];

  beforeAll(async () => {
    for (const f of FILES) {
      const rgb = await uprightRgb(readFileSync(path.join(PHOTOS, f)));
      photos.push(rgb);
      const features = await extractFeatures({ ...rgb, channels: 3 });
      registered.push({ id: f, features, width: rgb.width, height: rgb.height });
    }
  });
  afterAll(() => closeMotifPool());

  it("stores ~1000 keypoints and a 128 px grey thumbnail a view in ~48 KB", () => {
    for (const r of registered) {
      const fs = readFeatureSet(r.features);
      expect(fs.count).toBeGreaterThanOrEqual(500);
      expect(fs.count).toBeLessThanOrEqual(1000);
      const t = fs.thumbnail!;
      expect(Math.max(t.width, t.height)).toBe(128);
      expect(Math.abs(t.width / t.height - r.width / r.height)).toBeLessThan(0.02);
      expect(r.features.byteLength).toBe(24 + fs.count * 36 + t.width * t.height);
      expect(fs.sourceWidth).toBe(r.width);
    }
  });

  it.each(EDIT_NAMES)("finds the original of a %s copy, and no other photo", async (edit) => {
    const missed: string[] = [];
    for (let i = 0; i < photos.length; i++) {
      const bytes = await applyEdit(edit, photos[i]!, photos[(i + 1) % photos.length]);
      const q = await extractQueryFeatures(bytes);
      const got = await verifyCandidates({ query: q.variants, candidates: registered });
      const ctx = `${edit} of ${FILES[i]}: ${got.map((g) => g.score).join("/")}`;
      const mine = got.find((g) => g.id === FILES[i])!;
      const best = got.reduce((a, b) => (b.score > a.score ? b : a));
      // In a transplant the piece the motif was moved onto is in the picture too, and may score higher.
      if (!isMotifMatch(mine, registered[i]!) || (edit !== "transplant" && best.id !== FILES[i])) missed.push(ctx);
      if (edit === "mirrored") expect(mine.variant, ctx).toBe(1);
      for (const g of got) {
        if (g.id === FILES[i] || (edit === "transplant" && g.id === FILES[(i + 1) % FILES.length])) continue;
        expect(g.score, ctx).toBeLessThan(MOTIF_MIN_SCORE);
      }
    }
    // A small repetitive tile pattern moved onto another tiled wall is the one known miss
    // (docs/benchmarks.md); every other edit is found on every photo.
    expect(missed.length, missed.join("\n")).toBeLessThanOrEqual(edit === "transplant" ? 1 : 0);
  });

  it("verifies candidates in index order: stops after the wave with a confident match, or verifies all when exhaustive", async () => {
    const index = new MotifIndex(getVocabulary());
    for (const r of registered) index.add(r.id, readFeatureSet(r.features).descriptors);
    const byId = new Map(registered.map((r) => [r.id, r.features]));
    for (const [i, edit] of [
      [0, "crop12"],
      [3, "mirrored"],
    ] as const) {
      const query = await extractQueryFeatures(await applyEdit(edit, photos[i]!));
      const early = await searchMotif({ query, index, features: (id) => byId.get(id)! });
      const all = await searchMotif({ query, index, features: (id) => byId.get(id)!, exhaustive: true });
      const ctx = `${edit} of ${FILES[i]}: chosen ${all.chosen}, early ${early.verified.map((v) => v.id)}, all ${all.verified.map((v) => v.score)}`;
      expect(all.verified, ctx).toHaveLength(all.chosen);
      expect(all.confident[0]?.id, ctx).toBe(FILES[i]);
      expect(early.confident[0], ctx).toMatchObject({ id: FILES[i], score: all.confident[0]!.score, variant: edit === "mirrored" ? 1 : 0 });
      // The first wave is the best-ranked candidates, one per worker.
      expect(early.verified.length, ctx).toBeLessThanOrEqual(motifPoolSize());
      expect(
        early.verified.map((v) => v.id),
        ctx,
      ).toEqual(all.verified.slice(0, early.verified.length).map((v) => v.id));
    }
  });

  it("mirrors a query's grey image exactly as the sharp pipeline it replaces (resize, flop, greyscale)", async () => {
    const p = photos[1]!;
    const { data, info } = await sharp(p.data, { raw: { width: p.width, height: p.height, channels: 3 } })
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const flopped = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
      .resize(1280, 1280, { fit: "inside", withoutEnlargement: true })
      .flop()
      .greyscale()
      .raw()
      .toBuffer();
    expect(Buffer.from(mirror(new Uint8Array(data), info.width, info.height)).equals(flopped)).toBe(true);
  });

  it("places the matched region where the crop came from", async () => {
    const p = photos[0]!;
    const bytes = await applyEdit("crop12", p);
    const q = await extractQueryFeatures(bytes);
    const [hit] = await verifyCandidates({ query: q.variants, candidates: [registered[0]!] });
    const [tl, , br] = hit!.quad!;
    expect(Math.abs(tl![0] - p.width * 0.12)).toBeLessThan(p.width * 0.03);
    expect(Math.abs(tl![1] - p.height * 0.12)).toBeLessThan(p.height * 0.03);
    expect(Math.abs(br![0] - p.width * 0.88)).toBeLessThan(p.width * 0.03);
    expect(hit!.lines.length).toBeGreaterThan(5);
  });

  it("does not match different pieces photographed before the same textured wall", async () => {
    const wall = readFileSync(path.join(PHOTOS, "unsplash/robert-horvick-1R4uPYipCFM-unsplash.jpg"));
    const shots: { id: string; bytes: Buffer; features: Uint8Array; width: number; height: number }[] = [];
    for (const [kind, seed] of [
      ["wall", 62_001],
      ["wall", 62_002],
      ["wall", 62_003],
      ["wallMoved", 62_004],
      ["wallMoved", 62_005],
    ] as const) {
      const bytes = await pieceOnBackdrop(kind, seed, wall);
      const rgb = await uprightRgb(bytes);
      shots.push({ id: `${kind}:${seed}`, bytes, features: await extractFeatures({ ...rgb, channels: 3 }), width: rgb.width, height: rgb.height });
    }
    const reasons = new Set<string | null>();
    for (const s of shots) {
      const q = await extractQueryFeatures(s.bytes);
      const others = shots.filter((o) => o.id !== s.id);
      for (const g of await verifyCandidates({ query: q.variants, candidates: others })) {
        const o = others.find((x) => x.id === g.id)!;
        reasons.add(motifRejection(g, o));
        // The wall alone agrees on one homography with many points: the score cannot tell.
        if (!g.id.startsWith("wallMoved") && !s.id.startsWith("wallMoved")) expect(g.score).toBeGreaterThanOrEqual(MOTIF_MIN_SCORE);
        expect(isMotifMatch(g, o), `${s.id} -> ${g.id}: ${g.score} points, ${JSON.stringify(g.photo)}`).toBe(false);
      }
    }
    expect(reasons.has("photometric")).toBe(true);
    // The piece itself is still found in a crop of its own photo (the check does not refuse everything).
    const own = shots[0]!;
    const crop = await sharp(own.bytes).extract({ left: 250, top: 120, width: 700, height: 660 }).jpeg({ quality: 85 }).toBuffer();
    const [hit] = await verifyCandidates({ query: (await extractQueryFeatures(crop)).variants, candidates: [own] });
    expect(isMotifMatch(hit!, own), JSON.stringify({ score: hit!.score, photo: hit!.photo })).toBe(true);
  }, 300_000);

  it("finds too few keypoints in a flat glaze", async () => {
    const flat = await sharp({ create: { width: 900, height: 700, channels: 3, background: "#3a6e8f" } })
      .composite([
        {
          input: Buffer.from(
            `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="700"><defs><radialGradient id="g"><stop offset="0" stop-color="#5d95b5"/><stop offset="1" stop-color="#3a6e8f"/></radialGradient></defs><ellipse cx="450" cy="350" rx="380" ry="300" fill="url(#g)"/></svg>`,
          ),
        },
      ])
      .jpeg({ quality: 92 })
      .toBuffer();
    const q = await extractQueryFeatures(flat);
    expect(q.keypoints).toBeLessThan(MOTIF_MIN_KEYPOINTS);
  });
});

describe("motif engine failure", () => {
  afterAll(() => closeMotifPool());
  it("answers UNAVAILABLE when OpenCV runs out of memory, and the next task works", async () => {
    const err = await runMotifTask({ task: "exhaust" }).catch((e: unknown) => e);
    expect(isDomainError(err) && err.code === "UNAVAILABLE" && err.messageKey === "motif.error.unavailable").toBe(true);
    expect(await runMotifTask<string>({ task: "ping" })).toBe("pong");
    expect(await runMotifTask<string>({ task: "ping" })).toBe("pong");
  });
});
