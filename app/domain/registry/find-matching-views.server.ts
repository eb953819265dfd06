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
import { getViewIndex } from "./view-index.server";

export const PDQ_SIMILAR_THRESHOLD = 63;
export type MatchVerdict = "same" | "similar";

export function matchVerdict(distance: number): MatchVerdict | null {
  if (distance <= PDQ_MATCH_THRESHOLD) return "same";
  if (distance <= PDQ_SIMILAR_THRESHOLD) return "similar";
  return null;
}

export type ViewMatch = {
  viewId: string;
  viewKind: string;
  distance: number;
  verdict: MatchVerdict;
  workId: string;
  workStatus: string;
  registrationNumber: string | null;
  sealed: boolean;
  titleZh: string;
  titleEn: string;
  ownerName: string;
  ownerUserId: string | null;
  ownerOrgId: string | null;
  /** sha256 of the matched view: the key of its display derivatives. */
  sha256: string;
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
    select: {
      id: true,
      kind: true,
      sha256: true,
      work: {
        select: {
          id: true,
          status: true,
          registrationNumber: true,
          visibility: true,
          titleZh: true,
          titleEn: true,
          ownerName: true,
          ownerUserId: true,
          ownerOrgId: true,
        },
      },
    },
  });
  const matches: ViewMatch[] = views.map((v) => {
    const distance = distanceOf.get(v.id)!;
    return {
      viewId: v.id,
      viewKind: v.kind,
      distance,
      verdict: matchVerdict(distance)!,
      workId: v.work.id,
      workStatus: v.work.status,
      registrationNumber: v.work.registrationNumber,
      sealed: v.work.visibility === "sealed",
      titleZh: v.work.titleZh,
      titleEn: v.work.titleEn,
      ownerName: v.work.ownerName,
      ownerUserId: v.work.ownerUserId,
      ownerOrgId: v.work.ownerOrgId,
      sha256: v.sha256,
    };
  });
  matches.sort((a, b) => a.distance - b.distance || a.viewId.localeCompare(b.viewId));
  return options.limit ? matches.slice(0, options.limit) : matches;
}
