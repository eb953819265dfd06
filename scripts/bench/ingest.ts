/**
 * Ingest cost vs the bare minimum any image pipeline pays.
 *
 *   npx tsx scripts/bench/ingest.ts [--dir ../shared/fixtures/photos/unsplash] [--rounds 3]
 *
 * For every photo: the full ingest (validation, SHA-256, PDQ + dihedral, pHash, two WebP
 * derivatives, durable writes into a fresh temp dir) and, in the same run and alternating order,
 * a bare sharp decode + resize to 512 px of the same bytes. Prints both medians, their ratio and
 * images/s; the last line is JSON. The ingest includes the motif features (ORB in the OpenCV
 * worker pool, overlapping the WebP encoding); `motifFeaturesMedianMs` is that step alone (grey
 * 800 px + ORB 1000 from the 1280 px display rendition, through the pool).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { closeImagingPool } from "~/domain/imaging/imaging-pool.server";
import { ingestImage, publishRenditions } from "~/domain/imaging/ingest-image.server";
import { extractFeatures } from "~/domain/imaging/motif/extract-features.server";
import { closeMotifPool } from "~/domain/imaging/motif/motif-pool.server";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const dir = path.resolve(process.cwd(), arg("dir", "../shared/fixtures/photos/unsplash"));
const rounds = Number(arg("rounds", "3"));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main() {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.(jpe?g|png|webp|avif|tiff?)$/i.test(f)).sort();
  } catch {
    console.error(`photo directory not found: ${dir} (the shared fixtures are not present)`);
    process.exit(2);
  }
  const photos = files.map((f) => ({ name: f, bytes: readFileSync(path.join(dir, f)) }));
  const work = mkdtempSync(path.join(tmpdir(), "kilnmark-bench-ingest-"));
  const ingestMs: number[] = [];
  const bareMs: number[] = [];

  const bare = async (bytes: Buffer) => {
    const t = performance.now();
    await sharp(bytes).resize(512, 512, { fit: "inside" }).raw().toBuffer();
    return performance.now() - t;
  };
  let n = 0;
  const renditionMs: number[] = [];
  const ingest = async (bytes: Buffer) => {
    const dataDir = path.join(work, String(n++));
    const t = performance.now();
    const image = await ingestImage({ dataDir, bytes });
    const ms = performance.now() - t;
    // What happens after the commit, off the request: the WebP derivatives (timed apart).
    const tr = performance.now();
    await publishRenditions(dataDir, [image]);
    renditionMs.push(performance.now() - tr);
    rmSync(dataDir, { recursive: true, force: true });
    return ms;
  };

  // Warm-up: JIT, libvips and the page cache, not measured.
  for (const p of photos.slice(0, 2)) {
    await bare(p.bytes);
    await ingest(p.bytes);
  }
  const started = performance.now();
  let ingestTotal = 0;
  for (let r = 0; r < rounds; r++) {
    for (const p of photos) {
      if (r % 2 === 0) {
        bareMs.push(await bare(p.bytes));
        const ms = await ingest(p.bytes);
        ingestMs.push(ms);
        ingestTotal += ms;
      } else {
        const ms = await ingest(p.bytes);
        ingestMs.push(ms);
        ingestTotal += ms;
        bareMs.push(await bare(p.bytes));
      }
    }
    console.error(`round ${r + 1}/${rounds} done (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  rmSync(work, { recursive: true, force: true });

  const motifMs: number[] = [];
  for (const p of photos) {
    const { data, info } = await sharp(p.bytes).rotate().resize(1280, 1280, { fit: "inside" }).raw().toBuffer({ resolveWithObject: true });
    const t = performance.now();
    await extractFeatures({ data, width: info.width, height: info.height, channels: info.channels });
    motifMs.push(performance.now() - t);
  }
  await closeMotifPool();
  await closeImagingPool();

  const result = {
    images: photos.length,
    rounds,
    ingestMedianMs: Math.round(median(ingestMs)),
    bareDecodeResizeMedianMs: Math.round(median(bareMs)),
    ratio: Math.round((median(ingestMs) / median(bareMs)) * 100) / 100,
    imagesPerSecond: Math.round(((ingestMs.length * 1000) / ingestTotal) * 100) / 100,
    motifFeaturesMedianMs: Math.round(median(motifMs)),
  };
  console.log(`photos: ${dir} (${photos.length} files, ${rounds} rounds)`);
  console.log(`ingest median ${result.ingestMedianMs} ms, bare decode+resize median ${result.bareDecodeResizeMedianMs} ms`);
  console.log(`motif features alone (in the worker pool) median ${result.motifFeaturesMedianMs} ms`);
  console.log(JSON.stringify(result));
}

await main();
