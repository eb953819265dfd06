/**
 * Trains the motif matcher's visual-word vocabulary (app/domain/imaging/motif/vocabulary.bin):
 * ORB descriptors of the project's photos (../shared/fixtures/photos: Kodak set, Unsplash
 * camera JPEGs, one of each EXIF-orientation photo) at three scales, plus demo porcelain
 * pictures (generate-demo-image), clustered by hierarchical k-majority (binary k-means whose
 * centre is the bitwise majority of its members) into BRANCHING^DEPTH leaves.
 * Deterministic (seeded): `npm run motif:vocabulary` reproduces the committed file.
 *
 *   npm run motif:vocabulary [-- --out path]
 */
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { generateCeramicImage, mulberry32 } from "~/domain/imaging/generate-demo-image.server";
import { closeMotifPool, runMotifTask } from "~/domain/imaging/motif/motif-pool.server";
import { readFeatureSet } from "~/domain/imaging/motif/feature-set";
import { hamming256, serializeVocabulary } from "~/domain/imaging/motif/vocabulary";

const BRANCHING = 24;
const DEPTH = 3;
const ITERATIONS = 8;
const PHOTOS = path.resolve(process.cwd(), "../shared/fixtures/photos");
const out = process.argv.includes("--out") ? process.argv[process.argv.indexOf("--out") + 1]! : "app/domain/imaging/motif/vocabulary.bin";

async function descriptorsOf(bytes: Buffer | Uint8Array): Promise<Uint8Array[]> {
  const sets: Uint8Array[] = [];
  for (const edge of [1600, 800, 400]) {
    const { data, info } = await sharp(bytes)
      .rotate()
      .resize(edge, edge, { fit: "inside" })
      .flatten({ background: "#fff" })
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const f = await runMotifTask<Uint8Array>({
      task: "extract",
      grey: new Uint8Array(data),
      width: info.width,
      height: info.height,
      sourceWidth: info.width,
      sourceHeight: info.height,
      maxFeatures: 2000,
    });
    sets.push(readFeatureSet(new Uint8Array(f.buffer, f.byteOffset, f.byteLength)).descriptors.slice());
  }
  return sets;
}

/** Bitwise majority of the members' descriptors. */
function majority(all: Uint32Array, members: number[], into: Uint32Array, at: number) {
  const counts = new Uint32Array(256);
  for (const m of members) for (let b = 0; b < 256; b++) if ((all[m * 8 + (b >> 5)]! >>> (b & 31)) & 1) counts[b]!++;
  for (let w = 0; w < 8; w++) {
    let v = 0;
    for (let b = 0; b < 32; b++) if (counts[w * 32 + b]! * 2 > members.length) v |= 1 << b;
    into[at + w] = v >>> 0;
  }
}

/** k-majority on `members`; returns k centres (8 u32 each) and each member's cluster. */
function cluster(all: Uint32Array, members: number[], k: number, random: () => number): { centres: Uint32Array; groups: number[][] } {
  const centres = new Uint32Array(k * 8);
  // k-means++ style seeding on a sample.
  const pick = (i: number, m: number) => centres.set(all.subarray(m * 8, m * 8 + 8), i * 8);
  if (members.length === 0) return { centres, groups: Array.from({ length: k }, () => []) };
  pick(0, members[Math.floor(random() * members.length)]!);
  const sample = members.length > 4000 ? Array.from({ length: 4000 }, () => members[Math.floor(random() * members.length)]!) : members;
  const dist = new Float64Array(sample.length).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let s = 0; s < sample.length; s++) {
      const d = hamming256(all, sample[s]! * 8, centres, (c - 1) * 8);
      if (d < dist[s]!) dist[s] = d;
      total += dist[s]! * dist[s]!;
    }
    let r = random() * total;
    let chosen = sample[sample.length - 1]!;
    for (let s = 0; s < sample.length; s++) {
      r -= dist[s]! * dist[s]!;
      if (r <= 0) {
        chosen = sample[s]!;
        break;
      }
    }
    pick(c, chosen);
  }
  let groups: number[][] = [];
  for (let it = 0; it < ITERATIONS; it++) {
    groups = Array.from({ length: k }, () => []);
    for (const m of members) {
      let best = 0;
      let bestD = 257;
      for (let c = 0; c < k; c++) {
        const d = hamming256(all, m * 8, centres, c * 8);
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      groups[best]!.push(m);
    }
    for (let c = 0; c < k; c++) if (groups[c]!.length) majority(all, groups[c]!, centres, c * 8);
  }
  return { centres, groups };
}

async function main() {
  const files = [
    ...readdirSync(path.join(PHOTOS, "kodak"))
      .filter((f) => f.endsWith(".png"))
      .map((f) => path.join(PHOTOS, "kodak", f)),
    ...readdirSync(path.join(PHOTOS, "unsplash"))
      .filter((f) => f.endsWith(".jpg"))
      .map((f) => path.join(PHOTOS, "unsplash", f)),
    path.join(PHOTOS, "exif-orientation", "Landscape_1.jpg"),
    path.join(PHOTOS, "exif-orientation", "Portrait_1.jpg"),
  ];
  const sets: Uint8Array[] = [];
  for (const [i, f] of files.entries()) {
    const { readFileSync } = await import("node:fs");
    sets.push(...(await descriptorsOf(readFileSync(f))));
    process.stdout.write(`\rdescriptors: ${i + 1}/${files.length} photos`);
  }
  for (let seed = 1; seed <= 12; seed++) {
    sets.push(...(await descriptorsOf(await generateCeramicImage(seed, seed % 2 ? "blue-and-white" : "famille-rose"))));
  }
  await closeMotifPool();
  const total = sets.reduce((n, s) => n + s.byteLength / 32, 0);
  const bytes = new Uint8Array(total * 32);
  let o = 0;
  for (const s of sets) {
    bytes.set(s, o);
    o += s.byteLength;
  }
  const all = new Uint32Array(bytes.buffer);
  console.log(`\n${total} descriptors from ${files.length} photos and 12 demo pictures; clustering ${BRANCHING}^${DEPTH} words`);
  const random = mulberry32(20261130);
  const levels: Uint32Array[] = [];
  let frontier: number[][] = [Array.from({ length: total }, (_, i) => i)];
  for (let l = 0; l < DEPTH; l++) {
    const level = new Uint32Array(frontier.length * BRANCHING * 8);
    const next: number[][] = [];
    frontier.forEach((members, n) => {
      const { centres, groups } = cluster(all, members, BRANCHING, random);
      level.set(centres, n * BRANCHING * 8);
      next.push(...groups);
    });
    levels.push(level);
    frontier = next;
    console.log(`level ${l + 1}: ${frontier.length} nodes, ${frontier.filter((g) => g.length === 0).length} empty`);
  }
  const centres = new Uint32Array(levels.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const l of levels) {
    centres.set(l, at);
    at += l.length;
  }
  writeFileSync(out, serializeVocabulary(BRANCHING, DEPTH, centres));
  console.log(`wrote ${out} (${(centres.byteLength / 1024).toFixed(0)} KB)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
