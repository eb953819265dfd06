/**
 * Local-feature ("motif") matches of a query photo among the views of submitted/registered works:
 * visual-word candidates from the motif index, filtered by what the caller may see, then verified
 * geometrically in the worker pool (motif-search.server.ts). Shared by /verify, the match API,
 * prior art and case matching.
 */
import { hammingHex } from "~/domain/imaging/hamming";
import type { QueryFeatures } from "~/domain/imaging/motif/extract-features.server";
import { getMotifIndex, readViewFeatures } from "~/domain/imaging/motif/motif-index.server";
import { MOTIF_MIN_KEYPOINTS, type Point } from "~/domain/imaging/motif/motif-rules";
import { searchMotif } from "~/domain/imaging/motif/motif-search.server";
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

/** The views among `ids` of works the caller may see. */
function allowedViews(ids: string[], options: { registeredOnly?: boolean; excludeWorkIds?: readonly string[] }) {
  return prisma.workView.findMany({
    where: {
      id: { in: ids },
      work: {
        status: options.registeredOnly ? "registered" : { in: [...INDEXED_WORK_STATUSES] },
        ...(options.excludeWorkIds?.length ? { id: { notIn: [...options.excludeWorkIds] } } : {}),
      },
    },
    select: { ...MATCHED_VIEW_SELECT, pdq: true },
  });
}

export async function findMotifMatches(options: {
  query: QueryFeatures;
  pdqDihedral?: readonly string[];
  registeredOnly?: boolean;
  excludeWorkIds?: readonly string[];
  limit?: number;
  /**
   * Verify every candidate (prior art and cases list every view sharing the motif). Otherwise
   * (/verify, the match API) verification stops after the first wave with a confident match.
   */
  exhaustive?: boolean;
}): Promise<MotifSearch> {
  const { query } = options;
  if (query.keypoints < MOTIF_MIN_KEYPOINTS) return { lowDetail: true, keypoints: query.keypoints, matches: [] };
  const index = await getMotifIndex();
  const byId = new Map<string, Awaited<ReturnType<typeof allowedViews>>[number]>();
  const found = await searchMotif({
    query,
    index,
    exhaustive: options.exhaustive,
    allowed: async (ids) => {
      for (const v of await allowedViews(ids, options)) byId.set(v.id, v);
      return new Set(byId.keys());
    },
    features: (id) => readViewFeatures(byId.get(id)!.sha256),
  });
  const matches: MotifViewMatch[] = [];
  for (const r of found.confident) {
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
      viewWidth: r.width,
      viewHeight: r.height,
    });
  }
  matches.sort((a, b) => b.inliers - a.inliers || a.viewId.localeCompare(b.viewId));
  return { lowDetail: false, keypoints: query.keypoints, matches: options.limit ? matches.slice(0, options.limit) : matches };
}
