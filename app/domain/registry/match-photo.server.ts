/**
 * "Is this photo registered?" for /verify and POST /api/v1/match: hashes the uploaded bytes in
 * memory (nothing is stored) and looks every dihedral variant up among registered works' views.
 * Refused files throw the imaging DomainError (imaging.error.*), translated by the caller.
 */
import { isWeakPdq } from "~/domain/imaging/hamming";
import { hashImage } from "~/domain/imaging/hash-image.server";
import { findMatchingViews } from "./find-matching-views.server";
import { toPublicMatch, type PublicMatch } from "./public-match";

export const MATCH_LIMIT = 10;

export type PhotoMatchResult = {
  query: { sha256: string; pdq: string; pdqQuality: number; weak: boolean; phash: string; width: number; height: number };
  matches: PublicMatch[];
};

export async function matchPhoto({ bytes, limit = MATCH_LIMIT }: { bytes: Uint8Array; limit?: number }): Promise<PhotoMatchResult> {
  const h = await hashImage(bytes);
  const found = await findMatchingViews({ pdqDihedral: h.pdqDihedral, registeredOnly: true, limit });
  return {
    query: { sha256: h.sha256, pdq: h.pdq, pdqQuality: h.pdqQuality, weak: isWeakPdq(h.pdqQuality), phash: h.phash, width: h.width, height: h.height },
    matches: found.map(toPublicMatch),
  };
}
