/**
 * Where the CPU of a catalog import goes, per thread (Linux /proc): sequential rows vs one
 * concurrent import of the same rows. Diagnostic for issue 15, not a bench with a target.
 *   npx tsx scripts/bench/profile-import.ts [--rows 33] [--mode seq|conc|both]
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { renditionsIdle } from "~/domain/imaging/ingest-image.server";
import { closeImagingPool } from "~/domain/imaging/imaging-pool.server";
import { closeMotifPool } from "~/domain/imaging/motif/motif-pool.server";
import { importCatalog } from "~/domain/registry/import-catalog.server";
import { imagesFromDirectory } from "~/domain/registry/import-images.server";
import { createTestDb, createTestUser } from "../../tests/setup/test-db";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const dir = path.resolve(process.cwd(), arg("dir", "../shared/fixtures/photos/unsplash"));
const rowsN = Number(arg("rows", "33"));
const mode = arg("mode", "both");
const TICK = 100; // clock ticks per second on Linux

/** CPU ms per thread name (comm) of this process. */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ms = ((Number(f[11]) + Number(f[12])) * 1000) / TICK;
      const key = tid === String(process.pid) ? "main" : comm.replace(/\d+$/, "#");
      out.set(key, (out.get(key) ?? 0) + ms);
    } catch {
      /* thread ended */
    }
  }
  return out;
}

async function run(files: string[], concurrency: number) {
  const t = await createTestDb();
  try {
    const artisan = await createTestUser(t.db, "artisan");
    const head = "title_zh,category,techniques,authors,images";
    const lines = Array.from({ length: rowsN }, (_, i) => `基准作品${i + 1},vase,qinghua,陈青,${files[i % files.length]}`);
    const images = await imagesFromDirectory(dir);
    const before = threadCpu();
    const c0 = process.cpuUsage();
    const r0 = process.resourceUsage();
    const t0 = performance.now();
    let created = 0;
    if (concurrency === 1) {
      process.env.IMPORT_CONCURRENCY = "1";
      for (const line of lines) {
        const r = await importCatalog({ userId: artisan.id, csv: `${head}\n${line}`, images, locale: "en" });
        await renditionsIdle();
        created += r.created.length;
      }
    } else {
      delete process.env.IMPORT_CONCURRENCY;
      const r = await importCatalog({ userId: artisan.id, csv: [head, ...lines].join("\n"), images, locale: "en" });
      await renditionsIdle();
      created += r.created.length;
    }
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const r1 = process.resourceUsage();
    const after = threadCpu();
    const cpu = (c.user + c.system) / 1000;
    const threads = [...after]
      .map(([k, v]) => [k, Math.round(v - (before.get(k) ?? 0))] as const)
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1]);
    console.log(
      `${concurrency === 1 ? "sequential" : "concurrent"}: ${created} rows, wall ${(wall / 1000).toFixed(2)} s, CPU ${(cpu / 1000).toFixed(2)} s ` +
        `(${(cpu / wall).toFixed(2)} cores busy), ${((created * 1000) / wall).toFixed(2)} rows/s`,
    );
    console.log(`  per thread (ms): ${threads.map(([k, v]) => `${k} ${v}`).join(", ")}`);
    console.log(
      `  per row: user ${(c.user / 1000 / created).toFixed(0)} ms, system ${(c.system / 1000 / created).toFixed(0)} ms, ` +
        `minor page faults ${Math.round((r1.minorPageFault - r0.minorPageFault) / created)}, ` +
        `context switches ${Math.round((r1.voluntaryContextSwitches - r0.voluntaryContextSwitches) / created)} voluntary / ` +
        `${Math.round((r1.involuntaryContextSwitches - r0.involuntaryContextSwitches) / created)} involuntary`,
    );
    return { wall, cpu };
  } finally {
    await t.cleanup();
  }
}

const files = readdirSync(dir)
  .filter((f) => /\.jpe?g$/i.test(f))
  .sort();
await run(files, 1).catch(() => {}); // warm-up
if (process.argv.includes("--warm-pools")) await run(files, 3).catch(() => {}); // every worker of both pools started
const seq = mode !== "conc" ? await run(files, 1) : null;
const conc = mode !== "seq" ? await run(files, 3) : null;
if (seq && conc)
  console.log(`speed-up ${(seq.wall / conc.wall).toFixed(2)}×, CPU per row ${(seq.cpu / rowsN).toFixed(0)} vs ${(conc.cpu / rowsN).toFixed(0)} ms`);
await closeMotifPool();
await closeImagingPool();
process.exit(0);
