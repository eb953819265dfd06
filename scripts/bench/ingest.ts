/**
 * Ingest cost vs the bare minimum any image pipeline pays, and the bulk import on the pool.
 *
 *   npx tsx scripts/bench/ingest.ts [--dir ../shared/fixtures/photos/unsplash] [--rounds 3]
 *                                   [--copies 3] [--catalog-photos 100] [--skip-bulk] [--bulk-only]
 *
 * Part 1, one photo at a time:
 * For every photo: the full ingest (validation, SHA-256, PDQ + dihedral, pHash, two WebP
 * derivatives, durable writes into a fresh temp dir) and, in the same run and alternating order,
 * a bare sharp decode + resize to 512 px of the same bytes. Prints both medians, their ratio and
 * images/s; the last line is JSON. The ingest includes the motif features (ORB in the OpenCV
 * worker pool, overlapping the WebP encoding); `motifFeaturesMedianMs` is that step alone (grey
 * 800 px + ORB 1000 from the 1280 px display rendition, through the pool).
 * The ingest is what a registration waits for (validation, decode, SHA-256, PDQ + dihedral,
 * pHash, the original stored durably); `renditionsMedianMs` is what follows its commit, off the
 * request (local features and the two WebP derivatives from the same pixels). Besides wall
 * time, the CPU time of the whole process (all threads) is reported for both sides: on a shared
 * machine wall times swing with the load, CPU times much less.
 *
 * Part 2, the catalog import (importCatalog, one submitted work per CSV row, fresh SQLite
 * database): the photos × `copies` rows imported one photo after the other, each done (hashes,
 * transaction, features and derivatives written) before the next starts — the sequential rate —
 * and as one import with the default concurrency (rows in flight = imaging workers + 1), features
 * and derivatives included (the time runs until they are all written). Both run on warm pools: a
 * concurrent warm-up import starts every worker first, and the bench reports any worker started
 * during the timed runs. Then `catalog-photos` rows are imported while this process keeps
 * asking for the catalog's first page (searchCatalog, one request every 20 ms): the p99 of those
 * answers and of the event loop's delay. Beside the bulk figures: CPU per row, the cores each
 * side kept busy, and `parallelCeiling`, what two threads of pure CPU work gain over one on the
 * machine at that time (the most any speed-up could show then). `--bulk-only` skips part 1.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { closeImagingPool, imagingPoolSize, imagingWorkerIds } from "~/domain/imaging/imaging-pool.server";
import { ingestImage, publishRenditions, renditionsIdle } from "~/domain/imaging/ingest-image.server";
import { parseCatalogFilters } from "~/domain/registry/catalog-filters";
import { importCatalog, importConcurrency } from "~/domain/registry/import-catalog.server";
import { imagesFromDirectory } from "~/domain/registry/import-images.server";
import { searchCatalog } from "~/domain/registry/search-catalog.server";
import { createTestDb, createTestUser } from "../../tests/setup/test-db";
import { extractFeatures } from "~/domain/imaging/motif/extract-features.server";
import { closeMotifPool, motifWorkerIds } from "~/domain/imaging/motif/motif-pool.server";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const dir = path.resolve(process.cwd(), arg("dir", "../shared/fixtures/photos/unsplash"));
const bulkOnly = process.argv.includes("--bulk-only");
const rounds = bulkOnly ? 0 : Number(arg("rounds", "3"));
const copies = Number(arg("copies", "3"));
const catalogPhotos = Number(arg("catalog-photos", "100"));
const skipBulk = process.argv.includes("--skip-bulk");

/** CPU time of this process, all threads (ms). */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main() {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => /\.(jpe?g|png|webp|avif|tiff?)$/i.test(f))
      .sort();
  } catch {
    console.error(`photo directory not found: ${dir} (the shared fixtures are not present)`);
    process.exit(2);
  }
  const photos = files.map((f) => ({ name: f, bytes: readFileSync(path.join(dir, f)) }));
  const work = mkdtempSync(path.join(tmpdir(), "kilnmark-bench-ingest-"));
  const ingestMs: number[] = [];
  const bareMs: number[] = [];

  const bareCpu: number[] = [];
  const ingestCpu: number[] = [];
  const bare = async (bytes: Buffer) => {
    const c = cpuMs();
    const t = performance.now();
    await sharp(bytes).resize(512, 512, { fit: "inside" }).raw().toBuffer();
    const ms = performance.now() - t;
    bareCpu.push(cpuMs() - c);
    return ms;
  };
  let n = 0;
  const renditionMs: number[] = [];
  const ingest = async (bytes: Buffer) => {
    const dataDir = path.join(work, String(n++));
    const c = cpuMs();
    const t = performance.now();
    const image = await ingestImage({ dataDir, bytes });
    const ms = performance.now() - t;
    ingestCpu.push(cpuMs() - c);
    // What happens after the commit, off the request: the WebP derivatives (timed apart).
    const tr = performance.now();
    await publishRenditions(dataDir, [image]);
    renditionMs.push(performance.now() - tr);
    rmSync(dataDir, { recursive: true, force: true });
    return ms;
  };

  // Warm-up: JIT, libvips and the page cache, not measured.
  for (const p of bulkOnly ? [] : photos.slice(0, 2)) {
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
  for (const p of bulkOnly ? [] : photos) {
    const { data, info } = await sharp(p.bytes).rotate().resize(1280, 1280, { fit: "inside" }).raw().toBuffer({ resolveWithObject: true });
    const t = performance.now();
    await extractFeatures({ data, width: info.width, height: info.height, channels: info.channels });
    motifMs.push(performance.now() - t);
  }

  const bulk = skipBulk ? null : await bulkImport(files);
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
    renditionsMedianMs: Math.round(median(renditionMs)),
    ingestCpuMedianMs: Math.round(median(ingestCpu)),
    bareCpuMedianMs: Math.round(median(bareCpu)),
    cpuRatio: Math.round((median(ingestCpu) / median(bareCpu)) * 100) / 100,
    ...(bulk ?? {}),
  };
  console.log(`photos: ${dir} (${photos.length} files, ${rounds} rounds)`);
  console.log(`ingest median ${result.ingestMedianMs} ms, bare decode+resize median ${result.bareDecodeResizeMedianMs} ms`);
  console.log(`motif features alone (in the worker pool) median ${result.motifFeaturesMedianMs} ms`);
  console.log(`after the commit (features + derivatives) median ${result.renditionsMedianMs} ms`);
  console.log(`CPU time, all threads: ingest median ${result.ingestCpuMedianMs} ms, bare ${result.bareCpuMedianMs} ms (ratio ${result.cpuRatio})`);
  if (bulk) {
    console.log(
      `catalog import of ${bulk.bulkRows} rows: sequential ${bulk.sequentialRowsPerSecond} rows/s, ` +
        `${bulk.concurrency} in flight on ${bulk.imagingWorkers} imaging workers ${bulk.pooledRowsPerSecond} rows/s (${bulk.bulkSpeedup}×); ` +
        `CPU per row ${bulk.sequentialCpuMsPerRow} vs ${bulk.pooledCpuMsPerRow} ms, cores busy ${bulk.sequentialCoresBusy} vs ${bulk.pooledCoresBusy}; ` +
        `two threads vs one on this machine meanwhile ${bulk.parallelCeiling}×`,
    );
    console.log(
      `catalog first page during an import of ${bulk.catalogImportRows} rows: ${bulk.catalogRequests} answers, ` +
        `p50 ${bulk.catalogP50Ms} ms, p99 ${bulk.catalogP99Ms} ms; event-loop delay p99 ${bulk.eventLoopP99Ms} ms`,
    );
  }
  console.log(JSON.stringify(result));
}

/**
 * Imports `rows` CSV rows (photos cycled) into a fresh database; returns wall ms and the CPU ms
 * of the whole process, all threads (renditions included).
 */
async function timedImport(files: string[], rows: number, concurrency: number | null, during?: (done: Promise<unknown>) => Promise<void>) {
  const t = await createTestDb();
  try {
    const artisan = await createTestUser(t.db, "artisan");
    const lines = ["title_zh,category,techniques,authors,images"];
    for (let i = 0; i < rows; i++) lines.push(`基准作品${i + 1},vase,qinghua,陈青,${files[i % files.length]}`);
    if (concurrency) process.env.IMPORT_CONCURRENCY = String(concurrency);
    else delete process.env.IMPORT_CONCURRENCY;
    const started = performance.now();
    const cpuStarted = cpuMs();
    const images = await imagesFromDirectory(dir);
    const importing = (async () => {
      if (concurrency !== 1) {
        const r = await importCatalog({ userId: artisan.id, csv: lines.join("\n"), images, locale: "en" });
        await renditionsIdle();
        return r;
      }
      const created = [];
      const problems = [];
      for (const line of lines.slice(1)) {
        const r = await importCatalog({ userId: artisan.id, csv: `${lines[0]}\n${line}`, images, locale: "en" });
        await renditionsIdle();
        created.push(...r.created);
        problems.push(...r.problems);
      }
      return { created, problems };
    })();
    const probing = during?.(importing);
    const report = await importing;
    const ms = performance.now() - started;
    const cpu = cpuMs() - cpuStarted;
    await probing;
    if (report.created.length !== rows) throw new Error(`imported ${report.created.length} of ${rows} rows: ${JSON.stringify(report.problems.slice(0, 3))}`);
    return { ms, cpu };
  } finally {
    delete process.env.IMPORT_CONCURRENCY;
    await t.cleanup();
  }
}

/** A fixed amount of pure CPU work on a worker thread (~0.5 s on an idle core). */
function burn(): Promise<void> {
  const code = "let x = 0; for (let i = 0; i < 1e8; i++) x = (x + i * 2654435761) >>> 0; require('node:worker_threads').parentPort.postMessage(x);";
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.once("message", () => resolve());
    w.once("error", reject);
  });
}

/**
 * What the machine lets two threads of this process gain right now: the same CPU work on one
 * thread, then twice it on two threads at once; 2 = two idle cores, 1 = the scheduler gives
 * this process one core's worth whatever its thread count (a busy shared VM: Linux autogroups
 * share the CPU between sessions, not threads). The ceiling of any speed-up measured beside it.
 */
async function parallelCeiling(): Promise<number> {
  await burn(); // warm-up
  let t = performance.now();
  await burn();
  const one = performance.now() - t;
  t = performance.now();
  await Promise.all([burn(), burn()]);
  const two = performance.now() - t;
  return (2 * one) / two;
}

/** Worker threads of both pools now, as "imaging:<id>" / "motif:<id>". */
const workerIds = () => [...imagingWorkerIds().map((id) => `imaging:${id}`), ...motifWorkerIds().map((id) => `motif:${id}`)];

async function bulkImport(files: string[]) {
  const rows = files.length * copies;
  // Warm-up, not timed: the migrations template, JIT, and every worker of both pools. One row at
  // a time starts one worker per pool; the concurrent import starts the others (~0.4 s of CPU
  // each: tsx and the analysis code in an imaging worker, OpenCV in a motif worker). Without the
  // concurrent warm-up those starts were charged to the concurrent side alone.
  await timedImport(files, 2, 1);
  const coldStart = await timedImport(files, rows, null);
  const warmWorkers = workerIds();
  const ceilingBefore = await parallelCeiling();
  const sequential = await timedImport(files, rows, 1);
  const sequentialMs = sequential.ms;
  console.error(`sequential import of ${rows} rows: ${(sequentialMs / 1000).toFixed(1)} s (CPU ${(sequential.cpu / 1000).toFixed(1)} s)`);
  const pooled = await timedImport(files, rows, null);
  const pooledMs = pooled.ms;
  console.error(`concurrent import of ${rows} rows: ${(pooledMs / 1000).toFixed(1)} s (CPU ${(pooled.cpu / 1000).toFixed(1)} s)`);
  // Both timed runs must have used the warm workers only (the pools' idle timeout is 60 s).
  const startedDuringRuns = workerIds().filter((id) => !warmWorkers.includes(id));
  if (startedDuringRuns.length) console.error(`warning: workers started during the timed runs: ${startedDuringRuns.join(", ")}`);
  const ceilingAfter = await parallelCeiling();
  console.error(`two threads vs one on this machine: ${ceilingBefore.toFixed(2)}× before, ${ceilingAfter.toFixed(2)}× after`);

  const latencies: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 5 });
  await timedImport(files, catalogPhotos, null, async (importing) => {
    let finished = false;
    void importing.finally(() => (finished = true));
    loop.enable();
    while (!finished) {
      const t = performance.now();
      await searchCatalog({ filters: parseCatalogFilters(new URLSearchParams()) });
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
    loop.disable();
  });
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    bulkRows: rows,
    imagingWorkers: imagingPoolSize(),
    concurrency: importConcurrency(),
    sequentialRowsPerSecond: r2((rows * 1000) / sequentialMs),
    pooledRowsPerSecond: r2((rows * 1000) / pooledMs),
    bulkSpeedup: r2(sequentialMs / pooledMs),
    // CPU per row and the cores each side kept busy on average (CPU / wall): on a shared
    // machine the speed-up is bounded by the share of the 2 cores the scheduler gives us.
    sequentialCpuMsPerRow: Math.round(sequential.cpu / rows),
    pooledCpuMsPerRow: Math.round(pooled.cpu / rows),
    sequentialCoresBusy: r2(sequential.cpu / sequentialMs),
    pooledCoresBusy: r2(pooled.cpu / pooledMs),
    // The warm-up's concurrent import, which also started the pools' other workers (not in the figures above).
    coldPooledCpuMsPerRow: Math.round(coldStart.cpu / rows),
    warmWorkers: warmWorkers.length,
    workersStartedDuringTimedRuns: startedDuringRuns.length,
    // The most any 2-thread speed-up could show at the time (mean of before and after).
    parallelCeiling: r2((ceilingBefore + ceilingAfter) / 2),
    catalogImportRows: catalogPhotos,
    catalogRequests: latencies.length,
    catalogP50Ms: r2(percentile(latencies, 50)),
    catalogP99Ms: r2(percentile(latencies, 99)),
    eventLoopP99Ms: r2(loop.percentile(99) / 1e6),
  };
}

await main();
