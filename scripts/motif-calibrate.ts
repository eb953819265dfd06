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
 * `--negatives-only` skips the positives and the photo pairs; `--edits a,b` runs only those edits;
 * `--skip-photo-pairs` skips the different-photo pairs.
 * Prints the score distributions and, last, a JSON line. `npm run motif:calibrate`
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { extractFeatures, extractQueryFeatures } from "~/domain/imaging/motif/extract-features.server";
import { closeMotifPool } from "~/domain/imaging/motif/motif-pool.server";
import { readFeatureSet } from "~/domain/imaging/motif/feature-set";
import { isMotifMatch, MOTIF_MIN_AGREEMENT, MOTIF_MIN_HULL, MOTIF_MIN_SCORE, MOTIF_MIN_THINNESS, motifRejection } from "~/domain/imaging/motif/motif-rules";
import { perspective, pieceOnBackdrop, uprightRgb, type Backdrop, type Rgb } from "~/domain/imaging/motif/photo-edits.server";
import { verifyCandidates, type VerifiedPair } from "~/domain/imaging/motif/verify-candidates.server";

const PHOTOS = path.resolve(process.cwd(), "../shared/fixtures/photos");
const raw = (p: Rgb) => sharp(p.data, { raw: { width: p.width, height: p.height, channels: 3 } });

const EDITS: Record<string, (p: Rgb) => Promise<Buffer>> = {
  crop5: (p) =>
    raw(p)
      .extract({ left: Math.round(p.width * 0.05), top: Math.round(p.height * 0.05), width: Math.round(p.width * 0.9), height: Math.round(p.height * 0.9) })
      .jpeg({ quality: 85 })
      .toBuffer(),
  crop20: (p) =>
    raw(p)
      .extract({ left: Math.round(p.width * 0.2), top: Math.round(p.height * 0.1), width: Math.round(p.width * 0.6), height: Math.round(p.height * 0.7) })
      .jpeg({ quality: 85 })
      .toBuffer(),
  rotate3: (p) => raw(p).rotate(3, { background: "#000" }).jpeg({ quality: 85 }).toBuffer(),
  rotate12: (p) => raw(p).rotate(-12, { background: "#fff" }).jpeg({ quality: 85 }).toBuffer(),
  pad30: (p) =>
    raw(p)
      .extend({
        top: Math.round(p.height * 0.3),
        bottom: Math.round(p.height * 0.1),
        left: Math.round(p.width * 0.3),
        right: Math.round(p.width * 0.3),
        background: "#e8e4dc",
      })
      .jpeg({ quality: 85 })
      .toBuffer(),
  half: (p) =>
    raw(p)
      .resize(Math.round(p.width / 2))
      .jpeg({ quality: 80 })
      .toBuffer(),
  jpegQ30: (p) => raw(p).jpeg({ quality: 30 }).toBuffer(),
  mirroredCrop: (p) =>
    raw(p)
      .flop()
      .extract({ left: 0, top: 0, width: Math.round(p.width * 0.85), height: Math.round(p.height * 0.85) })
      .jpeg({ quality: 85 })
      .toBuffer(),
  // The upper-left-centre 40% of the photo moved, at 35% of the width, onto another photo (a wall).
  transplant35: async (p) => {
    const wall = await uprightRgb(readFileSync(path.join(PHOTOS, "exif-orientation/Landscape_3.jpg")));
    const motif = await raw(p)
      .extract({ left: Math.round(p.width * 0.2), top: Math.round(p.height * 0.15), width: Math.round(p.width * 0.4), height: Math.round(p.height * 0.4) })
      .resize({ width: Math.round(wall.width * 0.35) })
      .png()
      .toBuffer();
    return raw(wall)
      .composite([{ input: motif, left: Math.round(wall.width * 0.1), top: Math.round(wall.height * 0.2) }])
      .jpeg({ quality: 85 })
      .toBuffer();
  },
  keystone8: (p) => raw(perspective(p, 0.08)).jpeg({ quality: 85 }).toBuffer(),
  keystone16: (p) => raw(perspective(p, 0.16)).jpeg({ quality: 85 }).toBuffer(),
  // Shown at 40% on a plain page with a caption, then recompressed.
  thumbnailOnPage: async (p) => {
    const w = Math.round(p.width * 0.4);
    const small = await raw(p).resize(w).png().toBuffer();
    const page = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${p.width}" height="${p.height}"><rect width="100%" height="100%" fill="#fafafa"/><text x="20" y="${p.height - 40}" font-size="36" font-family="sans-serif" fill="#222">Hand-painted, 28 cm</text></svg>`,
    );
    return sharp(page)
      .composite([{ input: small, left: Math.round(p.width * 0.5), top: Math.round(p.height * 0.1) }])
      .jpeg({ quality: 80 })
      .toBuffer();
  },
};

const WALL = () => readFileSync(path.join(PHOTOS, "unsplash/robert-horvick-1R4uPYipCFM-unsplash.jpg"));
const pieceOn = (kind: Backdrop, seed: number) => pieceOnBackdrop(kind, seed, kind === "studio" ? undefined : WALL());

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

async function main() {
  const negativesOnly = process.argv.includes("--negatives-only");
  const files = [
    ...readdirSync(path.join(PHOTOS, "kodak"))
      .filter((f) => f.endsWith(".png"))
      .map((f) => `kodak/${f}`),
    ...readdirSync(path.join(PHOTOS, "unsplash"))
      .filter((f) => f.endsWith(".jpg"))
      .map((f) => `unsplash/${f}`),
    "exif-orientation/Landscape_1.jpg",
    "exif-orientation/Portrait_1.jpg",
  ];
  const photos: { id: string; rgb: Rgb; features: Uint8Array }[] = [];
  for (const f of negativesOnly ? [] : files) {
    const rgb = await uprightRgb(readFileSync(path.join(PHOTOS, f)));
    photos.push({ id: f, rgb, features: await extractFeatures({ ...rgb, channels: 3 }) });
  }
  type Pair = VerifiedPair & { view: { width: number; height: number } };
  const positives: Record<string, Pair[]> = {};
  const only = process.argv.includes("--edits") ? process.argv[process.argv.indexOf("--edits") + 1]!.split(",") : null;
  for (const [name, edit] of Object.entries(negativesOnly ? {} : EDITS)) {
    if (only && !only.includes(name)) continue;
    positives[name] = [];
    for (const p of photos) {
      const q = await extractQueryFeatures(await edit(p.rgb));
      const [r] = await verifyCandidates({ query: q.variants, candidates: [{ id: p.id, features: p.features }] });
      positives[name]!.push({ ...r!, view: { width: p.rgb.width, height: p.rgb.height } });
    }
    process.stderr.write(`positives ${name} done\n`);
  }
  const negatives: Record<string, Pair[]> = {
    differentPhotos: [],
    sameGlazeAndMotifs: [],
    sameStudioBackdrop: [],
    sameTexturedWall: [],
    sameWallCameraMoved: [],
  };
  const sizeOf = (features: Uint8Array) => {
    const fs = readFeatureSet(features);
    return { width: fs.sourceWidth, height: fs.sourceHeight };
  };
  const against = async (bytes: Buffer, others: { id: string; features: Uint8Array }[]) => {
    const q = await extractQueryFeatures(bytes);
    const got = await verifyCandidates({ query: q.variants, candidates: others });
    return got.map((g) => ({ ...g, view: sizeOf(others.find((o) => o.id === g.id)!.features) }));
  };
  // Different photos: each photo (as a query, with its mirror) against every other.
  for (const p of negativesOnly || process.argv.includes("--skip-photo-pairs") ? [] : photos) {
    negatives.differentPhotos!.push(
      ...(await against(
        await raw(p.rgb).jpeg({ quality: 90 }).toBuffer(),
        photos.filter((o) => o.id !== p.id),
      )),
    );
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
    for (const p of pieces)
      negatives.sameGlazeAndMotifs!.push(
        ...(await against(
          p.bytes,
          pieces.filter((o) => o.id !== p.id),
        )),
      );
  }
  process.stderr.write("negatives: demo pieces done\n");
  for (const [kind, key] of [
    ["studio", "sameStudioBackdrop"],
    ["wall", "sameTexturedWall"],
    ["wallMoved", "sameWallCameraMoved"],
  ] as const) {
    const shots: { id: string; features: Uint8Array; bytes: Buffer }[] = [];
    for (let i = 0; i < 10; i++) {
      const bytes = await pieceOn(kind, 60_000 + i);
      const rgb = await uprightRgb(bytes);
      shots.push({ id: String(i), features: await extractFeatures({ ...rgb, channels: 3 }), bytes });
    }
    for (const s of shots)
      negatives[key]!.push(
        ...(await against(
          s.bytes,
          shots.filter((o) => o.id !== s.id),
        )),
      );
  }
  await closeMotifPool();

  const agreement = (p: Pair) => (p.photo && p.photo.cells ? p.photo.agree / p.photo.cells : NaN);
  const exactAgreement = (p: Pair) => (p.photo && p.photo.cells ? (p.photo.agreeExact ?? 0) / p.photo.cells : NaN);
  const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "-");
  const reasons = (xs: Pair[]) => {
    const out: Record<string, number> = {};
    for (const p of xs) {
      const r = motifRejection(p, p.view) ?? "match";
      out[r] = (out[r] ?? 0) + 1;
    }
    return out;
  };
  console.log(
    `threshold MOTIF_MIN_SCORE = ${MOTIF_MIN_SCORE}, agreement >= ${MOTIF_MIN_AGREEMENT}, hull >= ${MOTIF_MIN_HULL}, thinness >= ${MOTIF_MIN_THINNESS}; ${photos.length} photos`,
  );
  console.log("positives (the original under each edit; anything but 'match' is a miss):");
  const summary: Record<string, unknown> = {};
  for (const [k, xs] of Object.entries(positives)) {
    const scores = xs.map((x) => x.score);
    const found = xs.filter((x) => isMotifMatch(x, x.view)).length;
    const agr = xs
      .filter((x) => x.score >= MOTIF_MIN_SCORE)
      .map(agreement)
      .filter(Number.isFinite);
    const agrExact = xs
      .filter((x) => x.score >= MOTIF_MIN_SCORE)
      .map(exactAgreement)
      .filter(Number.isFinite);
    console.log(
      `  ${k.padEnd(16)} score min ${Math.min(...scores)} p10 ${pct(scores, 10)} median ${pct(scores, 50)}; agreement min ${f2(Math.min(...agr))} p10 ${f2(pct(agr, 10))} (unshifted min ${f2(Math.min(...agrExact))}); thinness min ${f2(Math.min(...xs.map((x) => x.thinness)))}; found ${found}/${xs.length} ${JSON.stringify(reasons(xs))}`,
    );
    summary[k] = { minScore: Math.min(...scores), minAgreement: Math.round(Math.min(...agr) * 100) / 100, found, n: xs.length };
  }
  console.log("hard negatives (pairs of different pictures; 'match' is a false match):");
  for (const [k, xs] of Object.entries(negatives)) {
    if (!xs.length) continue;
    const scores = xs.map((x) => x.score);
    const over = xs.filter((x) => x.score >= MOTIF_MIN_SCORE);
    const agr = over.map(agreement).filter(Number.isFinite);
    const agrExact = over.map(exactAgreement).filter(Number.isFinite);
    const falseMatches = xs.filter((x) => isMotifMatch(x, x.view)).length;
    console.log(
      `  ${k.padEnd(20)} pairs ${xs.length} score max ${Math.max(...scores)} p99 ${pct(scores, 99)}, >= ${MOTIF_MIN_SCORE}: ${over.length} (agreement max ${agr.length ? f2(Math.max(...agr)) : "-"}, unshifted ${agrExact.length ? f2(Math.max(...agrExact)) : "-"}); false matches ${falseMatches} ${JSON.stringify(reasons(over))}`,
    );
    summary[k] = {
      pairs: xs.length,
      maxScore: Math.max(...scores),
      overScore: over.length,
      maxAgreement: agr.length ? Math.round(Math.max(...agr) * 100) / 100 : null,
      falseMatches,
    };
  }
  console.log(JSON.stringify(summary));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
