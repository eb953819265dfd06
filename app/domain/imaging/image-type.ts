/**
 * What we accept as a photo of a work, decided from the bytes (never the file name or the
 * Content-Type the client sent). Pure: the upload form uses it for an early client-side check.
 */
export const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
export const MAX_IMAGE_PIXELS = 60_000_000;

export const ACCEPTED_IMAGE_TYPES = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
  tiff: "image/tiff",
} as const;

export type ImageKind = keyof typeof ACCEPTED_IMAGE_TYPES;
export type ImageMime = (typeof ACCEPTED_IMAGE_TYPES)[ImageKind];

/** For the file input's `accept` attribute. */
export const ACCEPT_ATTRIBUTE = Object.values(ACCEPTED_IMAGE_TYPES).join(",");

function ascii(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < Math.min(end, bytes.length); i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/**
 * ISO-BMFF brands: an AVIF still image says avif (major or compatible); an AVIF image sequence
 * says avis, and HEIC (HEVC, which our decoder does not carry) says heic/mif1 without avif.
 */
function sniffAvif(bytes: Uint8Array): ImageKind | null {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== "ftyp") return null;
  const boxSize = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  const end = Math.min(bytes.length, boxSize >= 16 ? boxSize : 16);
  const brands = [ascii(bytes, 8, 12)];
  for (let p = 16; p + 4 <= end; p += 4) brands.push(ascii(bytes, p, p + 4));
  if (brands[0] === "avis") return null;
  return brands.includes("avif") ? "avif" : null;
}

/** The accepted kind the content starts like, or null. Only the first bytes are looked at. */
export function sniffImageKind(bytes: Uint8Array): ImageKind | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a)
    return "png";
  if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP") return "webp";
  if (
    b.length >= 4 &&
    ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0x00) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a))
  )
    return "tiff";
  return sniffAvif(b);
}

/** The format name sharp's metadata reports for each accepted kind. */
export const SHARP_FORMAT: Record<ImageKind, string> = {
  jpeg: "jpeg",
  png: "png",
  webp: "webp",
  avif: "heif",
  tiff: "tiff",
};
