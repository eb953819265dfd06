/**
 * "Is this photo registered?" for /verify and POST /api/v1/match: hashes the uploaded bytes in
 * memory (nothing is stored) and looks every dihedral variant up among registered works' views
 * (PDQ: `same`, `similar`); at the same time the local-feature matcher looks for a registered
 * view inside the photo (`motif`: cropped, rotated, padded, in a screenshot, moved onto another
 * piece). Order: same, then motif by score, then similar; one entry per view.
 * Refused files throw the imaging DomainError (imaging.error.*), translated by the caller; a
 * failing motif engine throws UNAVAILABLE (503).
 */
import { isWeakPdq } from "~/domain/imaging/hamming";
import { hashImage } from "~/domain/imaging/hash-image.server";
import { extractQueryFeatures } from "~/domain/imaging/motif/extract-features.server";
import { compareMatches } from "~/domain/imaging/motif/motif-rules";
import { findMatchingViews } from "./find-matching-views.server";
import { findMotifMatches, type MotifViewMatch } from "./find-motif-matches.server";
import { toPublicMatch, type PublicMatch } from "./public-match";

const MATCH_LIMIT = 10;

type PhotoMatchResult = {
  query: {
    sha256: string;
    pdq: string;
    pdqQuality: number;
    weak: boolean;
    phash: string;
    width: number;
    height: number;
    /** too little texture to compare by motif */
    motifLowDetail: boolean;
    keypoints: number;
  };
  matches: PublicMatch[];
  /** The motif matches in full (for evidence pictures); callers must not show sealed works' details. */
  motif: MotifViewMatch[];
};

export async function matchPhoto({ bytes, limit = MATCH_LIMIT }: { bytes: Uint8Array; limit?: number }): Promise<PhotoMatchResult> {
  // hashImage validates the file first (type, size, pixels); features are only computed on a valid image.
  const h = await hashImage(bytes);
  const [found, features] = await Promise.all([findMatchingViews({ pdqDihedral: h.pdqDihedral, registeredOnly: true, limit }), extractQueryFeatures(bytes)]);
  const motif = await findMotifMatches({ query: features, pdqDihedral: h.pdqDihedral, registeredOnly: true, limit });
  const byView = new Map<string, PublicMatch & { viewId: string }>();
  for (const m of found) byView.set(m.viewId, { ...toPublicMatch(m), viewId: m.viewId });
  for (const m of motif.matches) {
    const prev = byView.get(m.viewId);
    if (prev?.verdict === "same") continue; // the PDQ verdict is the stronger statement
    byView.set(m.viewId, { ...toPublicMatch(m), viewId: m.viewId });
  }
  const matches = [...byView.values()]
    .sort(compareMatches)
    .slice(0, limit)
    .map(({ viewId: _viewId, ...m }) => m);
  return {
    query: {
      sha256: h.sha256,
      pdq: h.pdq,
      pdqQuality: h.pdqQuality,
      weak: isWeakPdq(h.pdqQuality),
      phash: h.phash,
      width: h.width,
      height: h.height,
      motifLowDetail: motif.lowDetail,
      keypoints: motif.keypoints,
    },
    matches,
    motif: motif.matches,
  };
}
