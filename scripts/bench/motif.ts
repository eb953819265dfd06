/**
 * Motif matcher at scale: the visual-word index over 100,000 stored views, queried with edited
 * copies of real photos and with unrelated photos, through the query path POST /api/v1/match runs
 * (searchMotif, motif-search.server.ts: features, index, verification in candidate order with the
 * early stop), minus the database round trip and the reading of feature files.
 *
 *   npm run bench:motif [-- --views 100000 --per-edit 24 --seed 1 --exhaustive --dump queries.json]
 *
 * --exhaustive verifies every candidate, as prior art and cases do. Besides wall time it prints
 * the process's CPU time per query (p50/p95: all threads, so it means something on a busy
 * machine) and the CPU of each stage (workers report their own thread's, from
 * /proc/thread-self/schedstat); --dump writes kind, wall, CPU and candidates verified per query.
 *
 * What is stored (honestly):
 * - Real views: 30 photos of ../shared/fixtures/photos (kodim01-19 + the 11 Unsplash JPEGs),
 *   features computed as ingest does (upright, 1280 px display rendition -> grey 800 px, ORB 1000).
 * - Filler views (the rest up to --views): synthetic feature sets drawn from real pictures'
 *   descriptors. A pool of 160 pictures that are neither indexed nor queried (120 demo porcelain
 *   renders of generate-demo-image, 40 random crops of the EXIF-orientation photos) is analysed
 *   once; each filler view takes 400 descriptors (with their visual words) from each of two random
 *   pool pictures, at random positions. Fillers are indexed by those words and, when one becomes a
 *   candidate, verified from that descriptor set like any stored view.
 * Queries: every edit kind of photo-edits.server.ts (crop 12%, rotation 7°, padding 20%, banner,
 * perspective, JPEG q40, mirror, shop screenshot, shear, motif transplant onto a held-out photo)
 * of --per-edit real views, plus unrelated photos never indexed (kodim20-24, the two EXIF photos,
 * 20 demo renders of other seeds).
 * recall: per edit kind, the share of queries whose original view is a confident match (score >=
 * MOTIF_MIN_SCORE, plausible region) and the first one; "recall" in the JSON is the lowest kind.
 * falseMatches: confident matches on any other view, over all queries.
 * Last line: {"views","queries","p50Ms","p95Ms","recall","falseMatches","indexMB","rssMB","featureBytesPerView","cpuP50Ms","cpuP95Ms"}.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { extractFeatures, extractQueryFeatures } from "~/domain/imaging/motif/extract-features.server";
import { FEATURE_HEADER_BYTES, FEATURE_MAGIC, readFeatureSet } from "~/domain/imaging/motif/feature-set";
import { MotifIndex } from "~/domain/imaging/motif/motif-index";
import { getVocabulary } from "~/domain/imaging/motif/motif-index.server";
import { closeMotifPool, runMotifTask } from "~/domain/imaging/motif/motif-pool.server";
import { motifRejection } from "~/domain/imaging/motif/motif-rules";
import { searchMotif } from "~/domain/imaging/motif/motif-search.server";
import { applyEdit, EDIT_NAMES, uprightRgb, type EditName, type Rgb } from "~/domain/imaging/motif/photo-edits.server";
import { wordsOf } from "~/domain/imaging/motif/vocabulary";
import type { CpuProfile } from "~/utils/thread-cpu.server";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
}
const VIEWS = arg("views", 100_000);
const PER_EDIT = arg("per-edit", 24);
/** --exhaustive: verify every candidate (as prior art and cases do) instead of stopping early. */
const EXHAUSTIVE = process.argv.includes("--exhaustive");
let seed = arg("seed", 1) >>> 0 || 1;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const PHOTOS = path.resolve(process.cwd(), "../shared/fixtures/photos");
const photoPath = (rel: string) => path.join(PHOTOS, rel);
let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
setInterval(sampleRss, 200).unref();

const log = (s: string) => process.stderr.write(s + "\n");

async function poolFeatures(bytes: Buffer): Promise<Uint8Array> {
  const rgb = await uprightRgb(bytes);
  return extractFeatures({ ...rgb, channels: 3 });
}

/** A feature set (file layout) from descriptors at random positions. */
function syntheticSet(desc: Uint8Array): Uint8Array {
  const n = desc.byteLength / 32;
  const out = new Uint8Array(FEATURE_HEADER_BYTES + n * 36);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, FEATURE_MAGIC, true);
  dv.setUint16(4, 800, true);
  dv.setUint16(6, 600, true);
  dv.setUint16(8, 1280, true);
  dv.setUint16(10, 960, true);
  dv.setUint32(12, n, true);
  for (let i = 0; i < n; i++) {
    dv.setUint16(FEATURE_HEADER_BYTES + i * 4, Math.floor(rand() * 800 * 16), true);
    dv.setUint16(FEATURE_HEADER_BYTES + i * 4 + 2, Math.floor(rand() * 600 * 16), true);
  }
  out.set(desc, FEATURE_HEADER_BYTES + n * 4);
  return out;
}

async function main() {
  const vocab = getVocabulary();
  const t0 = Date.now();
  // Real, indexed photos.
  const realFiles = [
    ...Array.from({ length: 19 }, (_, i) => `kodak/kodim${String(i + 1).padStart(2, "0")}.png`),
    "unsplash/andrew-ridley-jR4Zf-riEjI-unsplash.jpg",
    "unsplash/brendon-van-zyl-O9vNYbNVtpM-unsplash.jpg",
    "unsplash/dennis-buchner-WATeNJyEUkA-unsplash.jpg",
    "unsplash/ja-san-miguel-_-QQuvAwQ-0-unsplash.jpg",
    "unsplash/james-yarema-P2X7NDx_GP0-unsplash.jpg",
    "unsplash/janice-gill-0PueFmKKF28-unsplash.jpg",
    "unsplash/jon-tyson-FKkK1hnTe-Q-unsplash.jpg",
    "unsplash/mike-castro-demaria-94BUerwdFP8-unsplash.jpg",
    "unsplash/prachi-palwe-NLqNQ10ppe0-unsplash.jpg",
    "unsplash/robert-horvick-1R4uPYipCFM-unsplash.jpg",
    "unsplash/seondol-son-skcD9ONunJw-unsplash.jpg",
  ];
  const heldOut = [
    "kodak/kodim20.png",
    "kodak/kodim21.png",
    "kodak/kodim22.png",
    "kodak/kodim23.png",
    "kodak/kodim24.png",
    "exif-orientation/Landscape_1.jpg",
    "exif-orientation/Portrait_1.jpg",
  ];
  const real: { id: string; rgb: Rgb; features: Uint8Array }[] = [];
  for (const f of realFiles) {
    const rgb = await uprightRgb(readFileSync(photoPath(f)));
    real.push({ id: `real:${f}`, rgb, features: await extractFeatures({ ...rgb, channels: 3 }) });
  }
  log(`real views: ${real.length} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const featureBytesPerView = Math.round(real.reduce((n, r) => n + r.features.byteLength, 0) / real.length);

  // Filler pool: pictures neither indexed nor queried.
  const pool: { desc: Uint8Array; words: Uint32Array }[] = [];
  for (let s = 0; s < 120; s++) {
    const f = await poolFeatures(await generateCeramicImage(70_000 + s, s % 2 ? "famille-rose" : "blue-and-white"));
    const d = readFeatureSet(f).descriptors.slice();
    pool.push({ desc: d, words: wordsOf(vocab, d) });
  }
  const exifSources = Array.from({ length: 9 }, (_, i) => [`exif-orientation/Landscape_${i}.jpg`, `exif-orientation/Portrait_${i}.jpg`]).flat();
  for (let c = 0; c < 40; c++) {
    const src = await uprightRgb(readFileSync(photoPath(exifSources[c % exifSources.length]!)));
    const w = Math.round(src.width * (0.35 + rand() * 0.3));
    const h = Math.round(src.height * (0.35 + rand() * 0.3));
    const crop = await sharp(src.data, { raw: { width: src.width, height: src.height, channels: 3 } })
      .extract({ left: Math.floor(rand() * (src.width - w)), top: Math.floor(rand() * (src.height - h)), width: w, height: h })
      .png()
      .toBuffer();
    const f = await poolFeatures(crop);
    const d = readFeatureSet(f).descriptors.slice();
    pool.push({ desc: d, words: wordsOf(vocab, d) });
  }
  log(`filler pool: ${pool.length} pictures (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  // Build the index: fillers by their words, real views by their features (interleaved).
  const index = new MotifIndex(vocab);
  const fillerCount = VIEWS - real.length;
  const fillerSpec = new Uint32Array(fillerCount * 3); // pool a, pool b, seed
  const realAt = new Map<number, (typeof real)[number]>();
  for (const r of real) {
    let at = Math.floor(rand() * VIEWS);
    while (realAt.has(at)) at = Math.floor(rand() * VIEWS);
    realAt.set(at, r);
  }
  const tb = Date.now();
  let f = 0;
  const words = new Uint32Array(800);
  for (let v = 0; f < fillerCount || realAt.size; v++) {
    const r = realAt.get(v);
    if (r) {
      index.add(r.id, readFeatureSet(r.features).descriptors);
      realAt.delete(v);
      continue;
    }
    if (f >= fillerCount) continue;
    const a = Math.floor(rand() * pool.length);
    const b = Math.floor(rand() * pool.length);
    const s = Math.floor(rand() * 2 ** 31);
    fillerSpec.set([a, b, s], f * 3);
    let local = s || 1;
    const lr = () => {
      local ^= local << 13;
      local ^= local >>> 17;
      local ^= local << 5;
      return (local >>> 0) / 4294967296;
    };
    for (let k = 0; k < 800; k++) {
      const p = pool[k < 400 ? a : b]!;
      words[k] = p.words[Math.floor(lr() * p.words.length)]!;
    }
    index.addWords(`filler:${f}`, words);
    f++;
  }
  index.compact();
  sampleRss();
  log(`index: ${index.size} views in ${((Date.now() - tb) / 1000).toFixed(1)} s, ${(index.memoryBytes() / 1e6).toFixed(0)} MB`);

  const fillerFeatures = (id: string): Uint8Array => {
    const n = Number(id.slice(7));
    const [a, b, s] = fillerSpec.subarray(n * 3, n * 3 + 3);
    let local = s! || 1;
    const lr = () => {
      local ^= local << 13;
      local ^= local >>> 17;
      local ^= local << 5;
      return (local >>> 0) / 4294967296;
    };
    const desc = new Uint8Array(800 * 32);
    for (let k = 0; k < 800; k++) {
      const p = pool[k < 400 ? a! : b!]!;
      const j = Math.floor(lr() * p.words.length);
      desc.set(p.desc.subarray(j * 32, j * 32 + 32), k * 32);
    }
    return syntheticSet(desc);
  };
  const realById = new Map(real.map((r) => [r.id, r]));
  const featuresOf = (id: string) => (id.startsWith("real:") ? realById.get(id)!.features : fillerFeatures(id));

  // Queries.
  type Query = { kind: EditName | "unrelated"; bytes: Buffer; expect: string | null };
  const heldRgb: Rgb[] = [];
  for (const h of heldOut) heldRgb.push(await uprightRgb(readFileSync(photoPath(h))));
  const queries: Query[] = [];
  for (const edit of EDIT_NAMES) {
    const chosen = [...real].sort(() => rand() - 0.5).slice(0, PER_EDIT);
    for (const r of chosen) queries.push({ kind: edit, bytes: await applyEdit(edit, r.rgb, heldRgb[Math.floor(rand() * heldRgb.length)]), expect: r.id });
  }
  for (const h of heldRgb)
    queries.push({
      kind: "unrelated",
      bytes: await sharp(h.data, { raw: { width: h.width, height: h.height, channels: 3 } })
        .jpeg({ quality: 85 })
        .toBuffer(),
      expect: null,
    });
  for (let s = 0; s < 20; s++)
    queries.push({ kind: "unrelated", bytes: await generateCeramicImage(90_000 + s, s % 2 ? "famille-rose" : "blue-and-white"), expect: null });
  queries.sort(() => rand() - 0.5);
  log(`queries: ${queries.length}`);

  // Warm the pool (worker start-up is not a query's cost).
  await Promise.all([runMotifTask({ task: "ping" }), runMotifTask({ task: "ping" })]);

  const cpuStart = process.cpuUsage();
  const loadStart = loadavg()[0]!;
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const perQuery: { kind: string; wallMs: number; cpuMs: number; verified: number }[] = [];
  const stages: Record<string, number[]> = { features: [], "index + verify": [], chosen: [], verified: [] };
  const stageCpu: Record<string, number[]> = {};
  const perKind = new Map<string, { n: number; found: number }>();
  let falseMatches = 0;
  const falseDetail: string[] = [];
  const missDetail: string[] = [];
  for (const [qi, q] of queries.entries()) {
    const t = performance.now();
    const cpuQ = process.cpuUsage();
    const prof: CpuProfile = {};
    const qf = await extractQueryFeatures(q.bytes, prof);
    const tFeatures = performance.now();
    const found = await searchMotif({ query: qf, index, features: featuresOf, exhaustive: EXHAUSTIVE, cpu: prof });
    const { ranked, verified, confident } = found;
    times.push(performance.now() - t);
    const cq = process.cpuUsage(cpuQ);
    cpuTimes.push((cq.user + cq.system) / 1000);
    const measured = Object.entries(prof).reduce((n, [k, v]) => (k.endsWith(".total") || k.endsWith("orbRuns") ? n : n + v), 0);
    prof["other (sharp decode, GC, main thread outside the stages)"] = cpuTimes[cpuTimes.length - 1]! - measured;
    for (const [k, v] of Object.entries(prof)) (stageCpu[k] ??= []).push(v);
    perQuery.push({ kind: q.kind, wallMs: Math.round(times[times.length - 1]!), cpuMs: Math.round(cpuTimes[cpuTimes.length - 1]!), verified: verified.length });
    stages.features.push(tFeatures - t);
    stages["index + verify"].push(performance.now() - tFeatures);
    stages.chosen.push(found.chosen);
    stages.verified.push(verified.length);
    sampleRss();
    const k = perKind.get(q.kind) ?? { n: 0, found: 0 };
    k.n++;
    if (q.expect && confident[0]?.id === q.expect) k.found++;
    else if (q.expect) {
      const mine = verified.find((v) => v.id === q.expect);
      const rank = ranked.findIndex((c) => c.id === q.expect);
      const why = mine
        ? (motifRejection(mine, { width: realById.get(q.expect)!.rgb.width, height: realById.get(q.expect)!.rgb.height }) ?? "outranked")
        : rank >= 0 && rank < found.chosen
          ? "not verified: stopped early"
          : "not a candidate";
      missDetail.push(
        `${q.kind} ${q.expect}: rank ${rank} verified ${mine?.score ?? "-"} (${why}${mine?.photo ? `, agreement ${mine.photo.agree}/${mine.photo.cells}` : ""})`,
      );
    }
    perKind.set(q.kind, k);
    for (const c of confident) {
      if (c.id !== q.expect) {
        falseMatches++;
        falseDetail.push(`${q.kind} ${q.expect ?? "unrelated"} -> ${c.id} score ${c.score}`);
      }
    }
    if ((qi + 1) % 25 === 0) log(`  ${qi + 1}/${queries.length} queries`);
  }
  const cpu = process.cpuUsage(cpuStart);
  const dump = process.argv.indexOf("--dump");
  if (dump >= 0 && process.argv[dump + 1]) writeFileSync(process.argv[dump + 1]!, JSON.stringify(perQuery));
  const loadEnd = loadavg()[0]!;
  await closeMotifPool();
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  console.log(`views ${index.size} (${real.length} real photos, ${index.size - real.length} filler), queries ${queries.length}`);
  console.log(
    `latency per query (features + candidates + verification): p50 ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, max ${times[times.length - 1]!.toFixed(0)} ms`,
  );
  // CPU time of the process (main thread and both workers) per query: what the latency would be
  // on one idle core, whatever else the machine is running.
  console.log(
    `cpu per query ${((cpu.user + cpu.system) / 1000 / queries.length).toFixed(0)} ms (all threads); load average ${loadStart.toFixed(1)} at the first query, ${loadEnd.toFixed(1)} at the last`,
  );
  cpuTimes.sort((a, b) => a - b);
  const cpuPct = (p: number) => cpuTimes[Math.min(cpuTimes.length - 1, Math.floor((p / 100) * cpuTimes.length))]!;
  console.log(
    `cpu per query (process, all threads): p50 ${cpuPct(50).toFixed(0)} ms, p95 ${cpuPct(95).toFixed(0)} ms, max ${cpuTimes[cpuTimes.length - 1]!.toFixed(0)} ms`,
  );
  console.log(
    `wall per stage (${EXHAUSTIVE ? "exhaustive: every candidate verified" : "early stop: verification ends after the first wave with a confident match"}):`,
  );
  for (const [name, xs] of Object.entries(stages)) {
    xs.sort((a, b) => a - b);
    const at = (p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
    const unit = name === "verified" || name === "chosen" ? " candidates" : " ms";
    console.log(`  ${name.padEnd(15)} p50 ${at(50).toFixed(0)}  p95 ${at(95).toFixed(0)}${unit}`);
  }
  // Per-stage CPU: workers report their own thread's CPU per stage (features.*, verify.*), this
  // thread measures its own (main.*); "other" is the process's CPU minus those.
  console.log("cpu per stage and query, ms (mean / p50 / p95), threads summed:");
  for (const [name, xs] of Object.entries(stageCpu).sort()) {
    const mean = xs.reduce((n, x) => n + x, 0) / queries.length;
    xs.sort((a, b) => a - b);
    const at = (p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
    console.log(
      `  ${name.padEnd(28)} ${mean.toFixed(1)} / ${at(50).toFixed(1)} / ${at(95).toFixed(1)}${xs.length < queries.length ? ` (in ${xs.length} queries)` : ""}`,
    );
  }
  const recalls: number[] = [];
  for (const [kind, k] of perKind) {
    if (kind === "unrelated") continue;
    recalls.push(k.found / k.n);
    console.log(`  ${kind.padEnd(12)} recall ${k.found}/${k.n} (${((100 * k.found) / k.n).toFixed(0)}%)`);
  }
  for (const m of missDetail) console.log(`  miss: ${m}`);
  console.log(`false matches: ${falseMatches}`);
  for (const d of falseDetail) console.log(`  false: ${d}`);
  console.log(
    JSON.stringify({
      views: index.size,
      queries: queries.length,
      p50Ms: Math.round(pct(50)),
      p95Ms: Math.round(pct(95)),
      recall: Math.round(Math.min(...recalls) * 1000) / 1000,
      falseMatches,
      indexMB: Math.round(index.memoryBytes() / 1e6),
      rssMB: Math.round(peakRss / 1e6),
      featureBytesPerView,
      cpuP50Ms: Math.round(cpuPct(50)),
      cpuP95Ms: Math.round(cpuPct(95)),
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
