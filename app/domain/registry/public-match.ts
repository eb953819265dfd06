/**
 * A registered view that matches a query (photo or SHA-256), as anyone may see it: a sealed
 * work's match carries its registration number and nothing else of the work.
 */
import type { Point } from "~/domain/imaging/motif/motif-rules";
import type { MatchVerdict } from "./find-matching-views.server";

/** same / similar: PDQ; motif: the local-feature matcher found the registered view in the photo. */
export type PublicVerdict = MatchVerdict | "motif";

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
  return {
    registrationNumber: m.registrationNumber ?? "",
    viewKind: m.viewKind,
    distance: m.distance,
    verdict: m.verdict,
    ...(m.verdict === "motif" ? { inliers: m.inliers, ...(m.sealed ? {} : { region: m.region }) } : {}),
    sealed: m.sealed,
    title: m.sealed ? null : { zh: m.titleZh, en: m.titleEn },
    ownerName: m.ownerName,
    imageSha256: m.sealed ? null : m.sha256,
  };
}
