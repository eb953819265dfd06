/**
 * Local-feature ("motif") matches of a query photo among the views of submitted/registered works:
 * visual-word candidates from the motif index, filtered by what the caller may see, then verified
 * geometrically in the worker pool. Shared by /verify, the match API, prior art and case matching.
 */
import { hammingHex } from "~/domain/imaging/hamming";
import { readFeatureSet } from "~/domain/imaging/motif/feature-set";
import type { QueryFeatures } from "~/domain/imaging/motif/extract-features.server";
import { getMotifIndex, getVocabulary, readViewFeatures } from "~/domain/imaging/motif/motif-index.server";
import { candidatesToVerify, isMotifMatch, MOTIF_CANDIDATES, MOTIF_MIN_KEYPOINTS, type Point } from "~/domain/imaging/motif/motif-rules";
import { verifyCandidates } from "~/domain/imaging/motif/verify-candidates.server";
import { wordsOf } from "~/domain/imaging/motif/vocabulary";
import { prisma } from "~/utils/db.server";
import { MATCHED_VIEW_SELECT, toMatchedView, type MatchedView } from "./matched-view";
import { INDEXED_WORK_STATUSES } from "./view-index.server";

export type MotifViewMatch = MatchedView & {
  /** PDQ distance between the query and the view (nearest dihedral variant), for reference */
  distance: number;
  verdict: "motif";
  /** distinct inlier locations (the motif score) */
  inliers: number;
  /** the query photo's outline in the registered view's upright pixel coordinates */
  region: Point[];
  /** sample of inlier pairs [viewX, viewY, queryX, queryY] for the evidence picture */
  lines: [number, number, number, number][];
  mirrored: boolean;
  viewWidth: number;
  viewHeight: number;
};

type MotifSearch = { lowDetail: boolean; keypoints: number; matches: MotifViewMatch[] };

export async function findMotifMatches(options: {
  query: QueryFeatures;
  pdqDihedral?: readonly string[];
  registeredOnly?: boolean;
  excludeWorkIds?: readonly string[];
  limit?: number;
}): Promise<MotifSearch> {
  const { query } = options;
  if (query.keypoints < MOTIF_MIN_KEYPOINTS) return { lowDetail: true, keypoints: query.keypoints, matches: [] };
  const index = await getMotifIndex();
  const vocab = getVocabulary();
  const variants = query.words ?? query.variants.map((v) => wordsOf(vocab, readFeatureSet(v).descriptors));
  const ranked = index.query(variants, MOTIF_CANDIDATES * 3);
  if (ranked.length === 0) return { lowDetail: false, keypoints: query.keypoints, matches: [] };

  const views = await prisma.workView.findMany({
    where: {
      id: { in: [...new Set(ranked.map((c) => c.id))] },
      work: {
        status: options.registeredOnly ? "registered" : { in: [...INDEXED_WORK_STATUSES] },
        ...(options.excludeWorkIds?.length ? { id: { notIn: [...options.excludeWorkIds] } } : {}),
      },
    },
    select: { ...MATCHED_VIEW_SELECT, pdq: true },
  });
  const byId = new Map(views.map((v) => [v.id, v]));
  // The best-ranked allowed views, each with the query variant(s) that ranked it.
  const chosen = new Map<string, number[]>();
  for (const c of candidatesToVerify(ranked.filter((r) => byId.has(r.id)))) {
    if (!chosen.has(c.id)) chosen.set(c.id, []);
    chosen.get(c.id)!.push(c.variant);
  }
  const candidates: { id: string; features: Uint8Array; variants: number[] }[] = [];
  const sizes = new Map<string, { width: number; height: number }>();
  for (const [id, vs] of chosen) {
    const features = await readViewFeatures(byId.get(id)!.sha256);
    if (!features) continue;
    const fs = readFeatureSet(features);
    sizes.set(id, { width: fs.sourceWidth, height: fs.sourceHeight });
    candidates.push({ id, features, variants: vs });
  }
  const verified = await verifyCandidates({ query: query.variants, candidates });
  const matches: MotifViewMatch[] = [];
  for (const r of verified) {
    const size = sizes.get(r.id)!;
    if (!isMotifMatch(r, size)) continue;
    const v = byId.get(r.id)!;
    const distance = options.pdqDihedral?.length ? Math.min(...options.pdqDihedral.map((h) => hammingHex(h, v.pdq))) : 256;
    matches.push({
      ...toMatchedView(v),
      distance,
      verdict: "motif",
      inliers: r.score,
      region: r.quad!.map(([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10] as Point),
      lines: r.lines,
      mirrored: r.variant === 1,
      viewWidth: size.width,
      viewHeight: size.height,
    });
  }
  matches.sort((a, b) => b.inliers - a.inliers || a.viewId.localeCompare(b.viewId));
  return { lowDetail: false, keypoints: query.keypoints, matches: options.limit ? matches.slice(0, options.limit) : matches };
}
