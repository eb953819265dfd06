/**
 * The motif matcher's query path, shared by findMotifMatches (/verify, the match API, prior art,
 * cases) and the benchmark (scripts/bench/motif.ts), so the benchmark measures what the app runs:
 * visual-word candidates from the index (both query variants), filtered by what the caller may
 * see, then geometric verification in the worker pool in order of candidate score.
 *
 * Early stop (`exhaustive: false`, /verify and the match API): candidates are verified in waves,
 * first one per worker (the best-ranked ones), then all the rest; once a wave yields a confident
 * match the lower-ranked candidates are not verified. The answer then holds the confident
 * match(es) among the best-ranked candidates, not every view sharing the motif; prior art and
 * cases, which list every match, verify all candidates (`exhaustive: true`).
 */
import { addCpu, threadCpuMs, type CpuProfile } from "~/utils/thread-cpu.server";
import { readFeatureSet } from "./feature-set";
import type { QueryFeatures } from "./extract-features.server";
import type { MotifCandidate, MotifIndex } from "./motif-index";
import { motifPoolSize } from "./motif-pool.server";
import { candidatesToVerify, isMotifMatch, MOTIF_CANDIDATES } from "./motif-rules";
import { verifyCandidates, type VerifiedPair } from "./verify-candidates.server";
import { wordsOf } from "./vocabulary";

export type MotifVerified = VerifiedPair & { width: number; height: number; confident: boolean };

export type MotifSearchResult = {
  /** the index's ranking (both variants), before the caller's filter */
  ranked: MotifCandidate[];
  /** every verified candidate, in candidate order */
  verified: MotifVerified[];
  /** the confident ones, highest score first */
  confident: MotifVerified[];
  /** candidates chosen for verification (before an early stop) */
  chosen: number;
};

export async function searchMotif(options: {
  query: QueryFeatures;
  index: MotifIndex;
  /** which of these view ids the caller may see (all when absent) */
  allowed?: (ids: string[]) => Promise<Set<string>>;
  /** a view's stored features; null when missing */
  features: (id: string) => Promise<Uint8Array | null> | Uint8Array | null;
  /** verify every candidate (prior art, cases) instead of stopping at the first confident wave */
  exhaustive?: boolean;
  /** profiling: CPU per stage, ms (workers' stages and this thread's) */
  cpu?: CpuProfile;
}): Promise<MotifSearchResult> {
  const { query, index, cpu } = options;
  let t = cpu ? threadCpuMs() : 0;
  const lap = (stage: string) => {
    if (!cpu) return;
    const now = threadCpuMs();
    addCpu(cpu, { [stage]: now - t });
    t = now;
  };
  const variants = query.words ?? query.variants.map((v) => wordsOf(index.vocab, readFeatureSet(v).descriptors));
  const ranked = index.query(variants, MOTIF_CANDIDATES * 3);
  lap("main.index");
  const empty = { ranked, verified: [], confident: [], chosen: 0 };
  if (ranked.length === 0) return empty;
  const allowed = options.allowed ? await options.allowed([...new Set(ranked.map((c) => c.id))]) : null;
  t = cpu ? threadCpuMs() : 0;
  // The best-ranked allowed views, each with the query variant(s) that ranked it, in rank order.
  const chosen = new Map<string, number[]>();
  for (const c of candidatesToVerify(allowed ? ranked.filter((r) => allowed.has(r.id)) : ranked)) {
    if (!chosen.has(c.id)) chosen.set(c.id, []);
    chosen.get(c.id)!.push(c.variant);
  }
  const order = [...chosen];
  const workers = motifPoolSize();
  const waves = options.exhaustive ? [order] : [order.slice(0, workers), order.slice(workers)];
  const verified: MotifVerified[] = [];
  for (const wave of waves) {
    if (wave.length === 0) continue;
    const candidates: { id: string; features: Uint8Array; variants: number[] }[] = [];
    const sizes = new Map<string, { width: number; height: number }>();
    const loaded = await Promise.all(wave.map(([id]) => options.features(id)));
    t = cpu ? threadCpuMs() : 0;
    wave.forEach(([id, vs], i) => {
      const features = loaded[i];
      if (!features) return;
      const fs = readFeatureSet(features);
      sizes.set(id, { width: fs.sourceWidth, height: fs.sourceHeight });
      candidates.push({ id, features, variants: vs });
    });
    const got = await verifyCandidates({ query: query.variants, candidates, cpu });
    let found = false;
    for (const r of got) {
      const size = sizes.get(r.id)!;
      const confident = isMotifMatch(r, size);
      found ||= confident;
      verified.push({ ...r, ...size, confident });
    }
    lap("main.verify");
    if (found && !options.exhaustive) break;
  }
  const confident = verified.filter((v) => v.confident).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return { ranked, verified, confident, chosen: order.length };
}
