/**
 * A registered view that matches a query (photo or SHA-256), as anyone may see it: a sealed
 * work's match carries its registration number and nothing else of the work.
 */
import { redactWork } from "~/domain/access/sealed-work";
import type { Point } from "~/domain/imaging/motif/motif-rules";
import type { MatchVerdict } from "./find-matching-views.server";

/** same / similar: PDQ; motif: the local-feature matcher found the registered view in the photo. */
type PublicVerdict = MatchVerdict | "motif";

export type PublicMatch = {
  registrationNumber: string;
  viewKind: string;
  /** PDQ distance (for motif matches: between the photo and the view, for reference) */
  distance: number;
  verdict: PublicVerdict;
  /** motif only: distinct matching points */
  inliers?: number;
  /** motif only: the photo's outline in the registered view's pixels; omitted for sealed works */
  region?: Point[];
  sealed: boolean;
  /** null for sealed works */
  title: { zh: string; en: string } | null;
  /** Public for sealed works too. */
  ownerName: string;
  /** Key of the view's display derivatives; null for sealed works. */
  imageSha256: string | null;
};

export function toPublicMatch(m: {
  registrationNumber: string | null;
  viewKind: string;
  distance: number;
  verdict: PublicVerdict;
  inliers?: number;
  region?: Point[];
  sealed: boolean;
  titleZh: string;
  titleEn: string;
  ownerName: string;
  sha256: string;
}): PublicMatch {
  const face = redactWork(
    {
      visibility: m.sealed ? "sealed" : "public",
      registrationNumber: m.registrationNumber,
      ownerName: m.ownerName,
      titleZh: m.titleZh,
      titleEn: m.titleEn,
      imageSha256: m.sha256,
    },
    "publicMatch",
  );
  return {
    registrationNumber: m.registrationNumber ?? "",
    viewKind: m.viewKind,
    distance: m.distance,
    verdict: m.verdict,
    ...(m.verdict === "motif" ? { inliers: m.inliers, ...(face.revealed ? { region: m.region } : {}) } : {}),
    sealed: face.sealed,
    title: face.title,
    ownerName: face.ownerName ?? m.ownerName,
    imageSha256: face.imageSha256,
  };
}
