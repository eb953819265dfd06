/**
 * Prior-art check: every view of a work (all 8 dihedral PDQ variants) against the views of all
 * submitted and registered works, leaving the work itself out. Runs at upload and again at
 * examination; `priorArtForWork` shapes the result for the person looking at it.
 */
import { isOfficerRoles, rolesOf } from "~/domain/access/roles.server";
import { mayRevealWork, type WorkViewer } from "~/domain/access/sealed-work";
import { managedWorkIds } from "~/domain/access/work-managers.server";
import { isWeakPdq } from "~/domain/imaging/hamming";
import { prisma } from "~/utils/db.server";
import { readFeatureSet } from "~/domain/imaging/motif/feature-set";
import { readViewFeatures } from "~/domain/imaging/motif/motif-index.server";
import { compareMatches } from "~/domain/imaging/motif/motif-rules";
import { findMatchingViews, type ViewMatch } from "./find-matching-views.server";
import { findMotifMatches, type MotifViewMatch } from "./find-motif-matches.server";

/** Matches per query view, nearest first. Call outside transactions (reads the shared index). */
export async function checkPriorArt(views: readonly { pdqDihedral: readonly string[] }[], excludeWorkIds: readonly string[] = []): Promise<ViewMatch[][]> {
  const out: ViewMatch[][] = [];
  for (const v of views) out.push(await findMatchingViews({ pdqDihedral: v.pdqDihedral, excludeWorkIds, limit: 20 }));
  return out;
}

/**
 * Motif matches of a work's views among other submitted/registered works, from the views' stored
 * features (a registered work's photo is not mirrored, so no mirrored variant). Views PDQ already
 * calls the same image are left out. A view without features (not yet backfilled) or a failing
 * motif engine gives no motif matches (logged); PDQ prior art still shows.
 */
async function checkMotifPriorArt(
  views: readonly { sha256: string; pdqDihedral: readonly string[] }[],
  excludeWorkIds: readonly string[],
  pdqFound: readonly (readonly ViewMatch[])[],
): Promise<MotifViewMatch[][]> {
  const out: MotifViewMatch[][] = [];
  for (const [i, v] of views.entries()) {
    try {
      const features = await readViewFeatures(v.sha256);
      if (!features) {
        out.push([]);
        continue;
      }
      const found = await findMotifMatches({
        query: { variants: [features], keypoints: readFeatureSet(features).count, width: 0, height: 0 },
        pdqDihedral: v.pdqDihedral,
        excludeWorkIds,
        limit: 10,
        exhaustive: true,
      });
      const same = new Set((pdqFound[i] ?? []).filter((m) => m.verdict === "same").map((m) => m.viewId));
      out.push(found.matches.filter((m) => !same.has(m.viewId)));
    } catch (e) {
      console.error("[prior-art] motif matching failed:", e instanceof Error ? e.message : e);
      out.push([]);
    }
  }
  return out;
}

/** What a viewer may see of a matched work. */
export type DisplayMatch =
  | {
      restricted: false;
      distance: number;
      verdict: "same" | "similar" | "motif";
      /** motif only */
      inliers?: number;
      /** the matched view (for the side-by-side picture) */
      matchedViewId: string;
      viewKind: string;
      workId: string;
      workStatus: string;
      registrationNumber: string | null;
      titleZh: string;
      titleEn: string;
      ownerName: string;
      sealed: boolean;
      /** Key of the matched view's display image. */
      sha256: string;
    }
  | {
      /** "sealed": matches a sealed registration; "pending": a work still under examination. */
      restricted: "sealed" | "pending";
      distance: number;
      verdict: "same" | "similar" | "motif";
      inliers?: number;
      registrationNumber: string | null;
    };

export type ViewPriorArt = {
  viewId: string;
  kind: string;
  sha256: string;
  pdqQuality: number;
  weak: boolean;
  matches: DisplayMatch[];
};

/**
 * Officers see every match in full. Anyone else sees full details only of public registered
 * works and of works they manage; a sealed match is reduced to "matches a sealed registration"
 * and another artisan's unregistered work to "matches a work under examination".
 */
export async function priorArtForWork({ workId, viewerId }: { workId: string; viewerId: string }): Promise<ViewPriorArt[]> {
  const officer = isOfficerRoles(await rolesOf(prisma, viewerId));
  const views = await prisma.workView.findMany({
    where: { workId },
    orderBy: { order: "asc" },
    select: { id: true, kind: true, sha256: true, pdqQuality: true, pdqDihedral: true },
  });
  const queries = views.map((v) => ({ sha256: v.sha256, pdqDihedral: JSON.parse(v.pdqDihedral) as string[] }));
  const pdq = await checkPriorArt(queries, [workId]);
  const motif = await checkMotifPriorArt(queries, [workId], pdq);
  const found: (ViewMatch | MotifViewMatch)[][] = pdq.map((list, i) => [...list, ...motif[i]!].sort(compareMatches));
  const matchedWorkIds = [...new Set(found.flat().map((m) => m.workId))];
  const managed = officer ? new Set<string>() : await managedWorkIds(prisma, viewerId, matchedWorkIds);
  return views.map((v, i) => ({
    viewId: v.id,
    kind: v.kind,
    sha256: v.sha256,
    pdqQuality: v.pdqQuality,
    weak: isWeakPdq(v.pdqQuality),
    matches: found[i]!.map((m) => displayMatch(m, { isOfficer: officer, managesWork: managed.has(m.workId) })),
  }));
}

function displayMatch(m: ViewMatch | MotifViewMatch, viewer: WorkViewer): DisplayMatch {
  const inliers = m.verdict === "motif" ? { inliers: m.inliers } : {};
  // Entitled viewers (officers, the matched work's managers) see every match in full, even unregistered ones.
  const full = viewer.isOfficer || viewer.managesWork;
  if (!mayRevealWork({ visibility: m.sealed ? "sealed" : "public" }, viewer))
    return { restricted: "sealed", distance: m.distance, verdict: m.verdict, ...inliers, registrationNumber: m.registrationNumber };
  if (!full && m.workStatus !== "registered") return { restricted: "pending", distance: m.distance, verdict: m.verdict, ...inliers, registrationNumber: null };
  return {
    restricted: false,
    distance: m.distance,
    verdict: m.verdict,
    ...inliers,
    matchedViewId: m.viewId,
    viewKind: m.viewKind,
    workId: m.workId,
    workStatus: m.workStatus,
    registrationNumber: m.registrationNumber,
    titleZh: m.titleZh,
    titleEn: m.titleEn,
    ownerName: m.ownerName,
    sealed: m.sealed,
    sha256: m.sha256,
  };
}

/** PriorArtMatch rows for the views just written (evidence that the check ran and what it found). */
export function priorArtRows(workId: string, stage: "upload" | "examination", pairs: readonly { viewId: string; matches: readonly ViewMatch[] }[]) {
  return pairs.flatMap(({ viewId, matches }) =>
    matches.map((m) => ({ workId, viewId, matchedViewId: m.viewId, distance: m.distance, verdict: m.verdict, stage })),
  );
}
