/**
 * Geometric verification of candidate views against a query, spread over the worker pool.
 * Each candidate may name the query variants to try (0 as sent, 1 mirrored); by default both.
 */
import { motifPoolSize, runMotifTask } from "./motif-pool.server";
import type { CpuProfile } from "~/utils/thread-cpu.server";
import { MOTIF_MIN_SCORE, type Point } from "./motif-rules";

export type VerifiedPair = {
  id: string;
  /** distinct inlier locations */
  score: number;
  /** raw inlier count */
  inliers: number;
  /** the query photo's outline in the registered view's (upright) pixels */
  quad: Point[] | null;
  /** [registeredX, registeredY, queryX, queryY] in the two photos' pixels, a sample of inliers */
  lines: [number, number, number, number][];
  /** 1 when the mirrored query matched */
  variant: number;
  /** query -> registered homography (analysed pixels), row-major */
  homography?: number[];
  jacobian: number[] | null;
  hullFraction: number;
  thinness: number;
  /** null below MOTIF_MIN_SCORE (not computed), or for features stored without a thumbnail */
  photo: { cells: number; agree: number; agreeExact?: number } | null;
};

export async function verifyCandidates(options: {
  query: readonly Uint8Array[];
  candidates: readonly { id: string; features: Uint8Array; variants?: readonly number[] }[];
  /** profiling: the workers' CPU per stage is added here ("verify.match", ...) */
  cpu?: CpuProfile;
}): Promise<VerifiedPair[]> {
  const { query, candidates, cpu } = options;
  if (candidates.length === 0) return [];
  // Group by variant set so the worker runs only the variants asked for.
  const groups = new Map<string, { variants: number[]; items: { id: string; features: Uint8Array }[] }>();
  for (const c of candidates) {
    const variants = c.variants?.length ? [...new Set(c.variants)].sort() : query.map((_, i) => i);
    const key = variants.join(",");
    if (!groups.has(key)) groups.set(key, { variants, items: [] });
    groups.get(key)!.items.push({ id: c.id, features: c.features });
  }
  const workers = motifPoolSize();
  const jobs: Promise<VerifiedPair[]>[] = [];
  for (const { variants, items } of groups.values()) {
    const chunk = Math.max(1, Math.ceil(items.length / workers));
    for (let i = 0; i < items.length; i += chunk) {
      const part = items.slice(i, i + chunk);
      // Keep variant indices meaningful to the worker: unused variants are sent empty.
      const q = query.map((f, vi) => (variants.includes(vi) ? f : new Uint8Array(0)));
      jobs.push(runMotifTask<VerifiedPair[]>({ task: "verify", query: q, candidates: part, photoMinScore: MOTIF_MIN_SCORE }, cpu, "verify."));
    }
  }
  const results = (await Promise.all(jobs)).flat();
  const order = new Map(candidates.map((c, i) => [c.id, i]));
  return results.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}
