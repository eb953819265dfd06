/**
 * Calibrates the motif matcher's threshold (MOTIF_MIN_SCORE) on held-out data made here, separate
 * from the unit tests' edits: every photo of ../shared/fixtures/photos (Kodak, Unsplash, one of each
 * EXIF photo) under edits with other strengths than the tests use, and hard negatives:
 *   - different photos (all pairs);
 *   - different demo porcelain pieces of the same glaze palette sharing the same traditional motif
 *     shapes (generate-demo-image, 24 seeds per style, all pairs within a style);
 *   - different pieces photographed on the same background (two demo pieces composited onto the
 *     same studio backdrop: a soft gradient with each shot's own sensor noise, and onto the same
 *     photo of a textured wall, pixel for pixel).
 * `--negatives-only` skips the positives and the photo pairs.
 * Prints the score distributions and, last, a JSON line. `npm run motif:calibrate`
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { extractFeatures, extractQueryFeatures } from "~/domain/imaging/motif/extract-features.server";
import { closeMotifPool } from "~/domain/imaging/motif/motif-pool.server";
import { isMotifMatch, MOTIF_MIN_SCORE } from "~/domain/imaging/motif/motif-rules";
import { uprightRgb, type Rgb } from "~/domain/imaging/motif/photo-edits.server";
import { verifyCandidates } from "~/domain/imaging/motif/verify-candidates.server";

const PHOTOS = path.resolve(process.cwd(), "../shared/fixtures/photos");
const raw = (p: Rgb) => sharp(p.data, { raw: { width: p.width, height: p.height, channels: 3 } });

const EDITS: Record<string, (p: Rgb) => Promise<Buffer>> = {
  crop5: (p) => raw(p).extract({ left: Math.round(p.width * 0.05), top: Math.round(p.height * 0.05), width: Math.round(p.width * 0.9), height: Math.round(p.height * 0.9) }).jpeg({ quality: 85 }).toBuffer(),
  crop20: (p) => raw(p).extract({ left: Math.round(p.width * 0.2), top: Math.round(p.height * 0.1), width: Math.round(p.width * 0.6), height: Math.round(p.height * 0.7) }).jpeg({ quality: 85 }).toBuffer(),
  rotate3: (p) => raw(p).rotate(3, { background: "#000" }).jpeg({ quality: 85 }).toBuffer(),
  rotate12: (p) => raw(p).rotate(-12, { background: "#fff" }).jpeg({ quality: 85 }).toBuffer(),
  pad30: (p) => raw(p).extend({ top: Math.round(p.height * 0.3), bottom: Math.round(p.height * 0.1), left: Math.round(p.width * 0.3), right: Math.round(p.width * 0.3), background: "#e8e4dc" }).jpeg({ quality: 85 }).toBuffer(),
  half: (p) => raw(p).resize(Math.round(p.width / 2)).jpeg({ quality: 80 }).toBuffer(),
  jpegQ30: (p) => raw(p).jpeg({ quality: 30 }).toBuffer(),
  mirroredCrop: (p) => raw(p).flop().extract({ left: 0, top: 0, width: Math.round(p.width * 0.85), height: Math.round(p.height * 0.85) }).jpeg({ quality: 85 }).toBuffer(),
};

/** The studio backdrop: the same soft gradient every shot, with each shot's own sensor noise. */
async function backdrop(kind: "studio" | "wall", w: number, h: number, shot = 0): Promise<Buffer> {
  if (kind === "wall") {
    const wall = readFileSync(path.join(PHOTOS, "unsplash/robert-horvick-1R4uPYipCFM-unsplash.jpg"));
    return sharp(wall).rotate().resize(w, h, { fit: "cover" }).png().toBuffer();
  }
  const noise = Buffer.alloc(w * h * 3);
  let s = 12345 + shot * 7919;
  for (let i = 0; i < noise.length; i += 3) {
    s = (s * 1103515245 + 12345) >>> 0;
    const g = 200 + ((s >>> 16) % 9) + Math.round((40 * i) / noise.length);
    noise[i] = g;
    noise[i + 1] = g - 4;
    noise[i + 2] = g - 10;
  }
  return sharp(noise, { raw: { width: w, height: h, channels: 3 } }).blur(0.6).png().toBuffer();
}

async function pieceOn(kind: "studio" | "wall", seed: number): Promise<Buffer> {
  const piece = await sharp(await generateCeramicImage(seed, seed % 2 ? "famille-rose" : "blue-and-white"))
    .resize(520, 520)
    .composite([{ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="520" height="520"><circle cx="260" cy="260" r="260" fill="#fff"/></svg>`), blend: "dest-in" }])
    .png()
    .toBuffer();
  return sharp(await backdrop(kind, 1200, 900, seed)).composite([{ input: piece, left: 340, top: 190 }]).jpeg({ quality: 88 }).toBuffer();
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

async function main() {
  const negativesOnly = process.argv.includes("--negatives-only");
  const files = [
    ...readdirSync(path.join(PHOTOS, "kodak")).filter((f) => f.endsWith(".png")).map((f) => `kodak/${f}`),
    ...readdirSync(path.join(PHOTOS, "unsplash")).filter((f) => f.endsWith(".jpg")).map((f) => `unsplash/${f}`),
    "exif-orientation/Landscape_1.jpg",
    "exif-orientation/Portrait_1.jpg",
  ];
  const photos: { id: string; rgb: Rgb; features: Uint8Array }[] = [];
  for (const f of negativesOnly ? [] : files) {
    const rgb = await uprightRgb(readFileSync(path.join(PHOTOS, f)));
    photos.push({ id: f, rgb, features: await extractFeatures({ ...rgb, channels: 3 }) });
  }
  const positives: Record<string, number[]> = {};
  for (const [name, edit] of Object.entries(negativesOnly ? {} : EDITS)) {
    positives[name] = [];
    for (const p of photos) {
      const q = await extractQueryFeatures(await edit(p.rgb));
      const [r] = await verifyCandidates({ query: q.variants, candidates: [{ id: p.id, features: p.features }] });
      positives[name]!.push(isMotifMatch(r!, { width: p.rgb.width, height: p.rgb.height }) ? r!.score : Math.min(r!.score, MOTIF_MIN_SCORE - 1));
    }
    process.stderr.write(`positives ${name} done\n`);
  }
  const negatives: Record<string, number[]> = { differentPhotos: [], sameGlazeAndMotifs: [], sameStudioBackdrop: [], sameTexturedWall: [] };
  // Different photos: each photo (as a query, with its mirror) against every other.
  for (const p of negativesOnly ? [] : photos) {
    const q = await extractQueryFeatures(await raw(p.rgb).jpeg({ quality: 90 }).toBuffer());
    const got = await verifyCandidates({ query: q.variants, candidates: photos.filter((o) => o.id !== p.id) });
    negatives.differentPhotos!.push(...got.map((g) => g.score));
  }
  process.stderr.write("negatives: photos done\n");
  for (const style of [0, 1]) {
    const pieces: { id: string; features: Uint8Array; bytes: Buffer }[] = [];
    for (let i = 0; i < 24; i++) {
      const seed = 40_000 + i * 2 + style;
      const bytes = await generateCeramicImage(seed, style ? "famille-rose" : "blue-and-white");
      const rgb = await uprightRgb(bytes);
      pieces.push({ id: String(seed), features: await extractFeatures({ ...rgb, channels: 3 }), bytes });
    }
    for (const p of pieces) {
      const q = await extractQueryFeatures(p.bytes);
      const got = await verifyCandidates({ query: q.variants, candidates: pieces.filter((o) => o.id !== p.id) });
      negatives.sameGlazeAndMotifs!.push(...got.map((g) => g.score));
    }
  }
  process.stderr.write("negatives: demo pieces done\n");
  for (const [kind, key] of [["studio", "sameStudioBackdrop"], ["wall", "sameTexturedWall"]] as const) {
    const shots: { id: string; features: Uint8Array; bytes: Buffer }[] = [];
    for (let i = 0; i < 10; i++) {
      const bytes = await pieceOn(kind, 60_000 + i);
      const rgb = await uprightRgb(bytes);
      shots.push({ id: String(i), features: await extractFeatures({ ...rgb, channels: 3 }), bytes });
    }
    for (const s of shots) {
      const q = await extractQueryFeatures(s.bytes);
      const got = await verifyCandidates({ query: q.variants, candidates: shots.filter((o) => o.id !== s.id) });
      negatives[key]!.push(...got.map((g) => g.score));
    }
  }
  await closeMotifPool();
  console.log(`threshold MOTIF_MIN_SCORE = ${MOTIF_MIN_SCORE}; ${photos.length} photos`);
  console.log("positives (score of the original; below threshold = missed):");
  const summary: Record<string, unknown> = {};
  for (const [k, xs] of Object.entries(positives)) {
    const found = xs.filter((x) => x >= MOTIF_MIN_SCORE).length;
    console.log(`  ${k.padEnd(13)} min ${Math.min(...xs)}  p10 ${pct(xs, 10)}  median ${pct(xs, 50)}  found ${found}/${xs.length}`);
    summary[k] = { min: Math.min(...xs), p10: pct(xs, 10), found, n: xs.length };
  }
  console.log("hard negatives (pairs of different pictures):");
  for (const [k, xs] of Object.entries(negatives)) {
    if (!xs.length) continue;
    const over = xs.filter((x) => x >= MOTIF_MIN_SCORE).length;
    console.log(`  ${k.padEnd(20)} pairs ${xs.length}  max ${Math.max(...xs)}  p99 ${pct(xs, 99)}  >= threshold ${over}`);
    summary[k] = { pairs: xs.length, max: Math.max(...xs), overThreshold: over };
  }
  console.log(JSON.stringify(summary));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
