/**
 * Looks a photo's PDQ hashes (all 8 dihedral variants) up in the prior-art index and returns
 * the matching views with their works, nearest first. Shared by prior-art checks, /verify, the
 * public match API and infringement-case matching.
 *
 * Verdicts: distance <= 31 "same" (the same photo, possibly rotated, cropped a little,
 * recompressed); 32..63 "similar" (worth a look by a person). Callers decide what a viewer may
 * see of a sealed work; `sealed` is returned so they can.
 */
import { PDQ_MATCH_THRESHOLD } from "~/domain/imaging/hamming";
import { prisma } from "~/utils/db.server";
import { MATCHED_VIEW_SELECT, toMatchedView, type MatchedView } from "./matched-view";
import { getViewIndex } from "./view-index.server";

const PDQ_SIMILAR_THRESHOLD = 63;
export type MatchVerdict = "same" | "similar";

function matchVerdict(distance: number): MatchVerdict | null {
  if (distance <= PDQ_MATCH_THRESHOLD) return "same";
  if (distance <= PDQ_SIMILAR_THRESHOLD) return "similar";
  return null;
}

export type ViewMatch = MatchedView & {
  distance: number;
  verdict: MatchVerdict;
};

export async function findMatchingViews(options: {
  pdqDihedral: readonly string[];
  radius?: number;
  /** Leave out views of these works (the work being examined itself). */
  excludeWorkIds?: readonly string[];
  /** Only registered works (the public verify page and API); default: submitted and registered. */
  registeredOnly?: boolean;
  limit?: number;
}): Promise<ViewMatch[]> {
  const radius = options.radius ?? PDQ_SIMILAR_THRESHOLD;
  const index = await getViewIndex();
  const hits = index.queryDihedral(options.pdqDihedral, radius);
  if (hits.length === 0) return [];
  const distanceOf = new Map(hits.map((h) => [h.id, h.distance]));
  const views = await prisma.workView.findMany({
    where: {
      id: { in: hits.map((h) => h.id) },
      work: {
        status: options.registeredOnly ? "registered" : { in: ["submitted", "registered"] },
        ...(options.excludeWorkIds?.length ? { id: { notIn: [...options.excludeWorkIds] } } : {}),
      },
    },
    select: MATCHED_VIEW_SELECT,
  });
  const matches: ViewMatch[] = views.map((v) => {
    const distance = distanceOf.get(v.id)!;
    return { ...toMatchedView(v), distance, verdict: matchVerdict(distance)! };
  });
  matches.sort((a, b) => a.distance - b.distance || a.viewId.localeCompare(b.viewId));
  return options.limit ? matches.slice(0, options.limit) : matches;
}
