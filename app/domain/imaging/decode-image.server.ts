import sharp, { type Metadata } from "sharp";
import { DomainError } from "~/domain/errors";
import { ACCEPTED_IMAGE_TYPES, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, SHARP_FORMAT, sniffImageKind, type ImageKind, type ImageMime } from "./image-type";

/** Header facts, read without decoding pixels. */
export type InspectedImage = {
  kind: ImageKind;
  mime: ImageMime;
  /** Pixel dimensions as stored. */
  width: number;
  height: number;
  /** EXIF orientation 1-8 (1 when absent or invalid). */
  orientation: number;
  icc?: Uint8Array;
  /** sharp's interpretation, e.g. "srgb", "b-w", "cmyk". */
  space: string;
  hasAlpha: boolean;
  sizeBytes: number;
};

/** Full-resolution 8-bit pixels as stored: no EXIF rotation, embedded ICC profile ignored. */
export type DecodedPixels = { data: Buffer; width: number; height: number; channels: number };

/** Every sharp call gets the pixel limit, so no decoder ever allocates for a bomb. */
export const SHARP_INPUT = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "warning" } as const;

const MB = 1024 * 1024;

function corrupt(): DomainError {
  return new DomainError("UNPROCESSABLE", "imaging.error.corrupt");
}

/**
 * Refuses anything that is not a single still JPEG/PNG/WebP/AVIF/TIFF within the byte and pixel
 * limits. Type comes from the magic bytes and must agree with what the decoder finds in the
 * header; dimensions are checked from the header, before any pixel is decoded.
 */
export async function inspectImage(bytes: Uint8Array): Promise<InspectedImage> {
  if (bytes.length === 0) throw new DomainError("BAD_INPUT", "imaging.error.empty");
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new DomainError("TOO_LARGE", "imaging.error.tooLarge", {
      sizeMb: (bytes.length / MB).toFixed(1),
      maxMb: MAX_IMAGE_BYTES / MB,
    });
  }
  const kind = sniffImageKind(bytes);
  if (!kind) throw new DomainError("UNSUPPORTED_MEDIA", "imaging.error.unsupportedType");

  let meta: Metadata;
  try {
    // Header only, no pixels are decoded: the pixel limit is checked below with a clear message
    // (with limitInputPixels here, a bomb would surface as an anonymous decoder error).
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw corrupt();
  }
  if (meta.format !== SHARP_FORMAT[kind]) {
    throw new DomainError("UNSUPPORTED_MEDIA", "imaging.error.unsupportedType");
  }
  if (kind === "avif" && meta.compression && meta.compression !== "av1") {
    throw new DomainError("UNSUPPORTED_MEDIA", "imaging.error.unsupportedType");
  }
  const { width, height } = meta;
  if (!width || !height) throw corrupt();
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new DomainError("TOO_LARGE", "imaging.error.tooManyPixels", {
      width,
      height,
      megapixels: Math.round((width * height) / 1e5) / 10,
      maxMegapixels: MAX_IMAGE_PIXELS / 1e6,
    });
  }
  if ((meta.pages ?? 1) > 1) {
    throw new DomainError("UNSUPPORTED_MEDIA", "imaging.error.animated", { pages: meta.pages ?? 2 });
  }
  const orientation = meta.orientation && meta.orientation >= 1 && meta.orientation <= 8 ? meta.orientation : 1;
  return {
    kind,
    mime: ACCEPTED_IMAGE_TYPES[kind],
    width,
    height,
    orientation,
    icc: meta.icc,
    space: meta.space ?? "srgb",
    hasAlpha: meta.hasAlpha ?? false,
    sizeBytes: bytes.length,
  };
}

/** Orientations 5-8 swap the axes when displayed. */
export function displaySize(img: { width: number; height: number; orientation: number }): {
  width: number;
  height: number;
} {
  return img.orientation >= 5 ? { width: img.height, height: img.width } : { width: img.width, height: img.height };
}

/**
 * The hashes' decode: as stored (no auto-rotation) and with the ICC profile ignored, because the
 * PDQ reference pipeline and imagehash/Pillow both hash the raw decoded samples.
 */
export async function decodePixels(bytes: Uint8Array, inspected: InspectedImage): Promise<DecodedPixels> {
  try {
    let pipeline = sharp(bytes, { ...SHARP_INPUT, ignoreIcc: true, sequentialRead: true });
    // Grey stays one channel (the reference hashes grey samples directly); anything that is
    // neither grey nor RGB (CMYK, Lab) is converted to sRGB like any decoder that shows it.
    const grey = inspected.space === "b-w" || inspected.space === "grey16";
    if (inspected.space !== "srgb") pipeline = pipeline.toColourspace(grey ? "b-w" : "srgb");
    const { data, info } = await pipeline.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch {
    throw corrupt();
  }
}
