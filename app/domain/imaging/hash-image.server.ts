import { analyseImage, type ImageHashes } from "./analyse-image.server";

export type { ImageHashes } from "./analyse-image.server";

/**
 * Validates and hashes a photo without storing anything (/verify, the match API, case reports).
 * Throws DomainError (imaging.error.*) for refused files.
 */
export async function hashImage(bytes: Uint8Array): Promise<ImageHashes> {
  const { hashes } = await analyseImage(bytes, { display: false });
  return hashes;
}
