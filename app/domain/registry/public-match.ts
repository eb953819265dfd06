/**
 * A registered view that matches a query (photo or SHA-256), as anyone may see it: a sealed
 * work's match carries its registration number and nothing else of the work.
 */
import type { MatchVerdict } from "./find-matching-views.server";

export type PublicMatch = {
  registrationNumber: string;
  viewKind: string;
  distance: number;
  verdict: MatchVerdict;
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
  verdict: MatchVerdict;
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
    sealed: m.sealed,
    title: m.sealed ? null : { zh: m.titleZh, en: m.titleEn },
    ownerName: m.ownerName,
    imageSha256: m.sealed ? null : m.sha256,
  };
}
