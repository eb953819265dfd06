import type { ImageHashes } from "~/domain/imaging/analyse-image.server";

/** The WorkView columns that come from an ingested photo (hashes, size, type, where it is stored). */
export function viewRowFromImage(img: ImageHashes & { storageKey: string }) {
  return {
    sha256: img.sha256,
    pdq: img.pdq,
    pdqQuality: img.pdqQuality,
    pdqDihedral: JSON.stringify(img.pdqDihedral),
    phash: img.phash,
    width: img.width,
    height: img.height,
    sizeBytes: img.sizeBytes,
    mime: img.mime,
    storageKey: img.storageKey,
  };
}
