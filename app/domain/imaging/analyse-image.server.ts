import { createHash } from "node:crypto";
import sharp, { type Sharp } from "sharp";
import { isSrgbProfile } from "./icc-profile";
import { decodePixels, displaySize, inspectImage, SHARP_INPUT, type DecodedPixels, type InspectedImage } from "./decode-image.server";
import { runImagingTask } from "./imaging-pool.server";
import { originalKey, removeKey, renditionsStored, stageOnce } from "./image-store.server";
import { pdqDihedralFromLuma, pdqLumaFromPixels } from "./pdq";
import { PHASH_INPUT_SIZE, phashFromGrey32, pillowGrey } from "./phash";
import type { ImageMime } from "./image-type";

/**
 * Everything a WorkView row stores about a photo except where it lives.
 * - `pdq`, `pdqDihedral`, `phash` hash the pixels as stored (EXIF orientation NOT applied),
 *   like the reference implementations; a file whose EXIF says "rotate 90" is recognised
 *   through the dihedral variants.
 * - `width`/`height` are as displayed (EXIF orientation applied).
 */
export type ImageHashes = {
  sha256: string;
  pdq: string;
  pdqQuality: number;
  /** 8 hashes: original, rotate90, rotate180, rotate270, flipX, flipY, flipPlus1, flipMinus1. */
  pdqDihedral: string[];
  phash: string;
  width: number;
  height: number;
  sizeBytes: number;
  mime: ImageMime;
};

export const DISPLAY_MAX_EDGE = 1280;

/** A display-size rendition, already upright and in sRGB, for the WebP derivatives. */
export type DisplayPixels = { data: Buffer; width: number; height: number; channels: number };

const rawInput = (p: { width: number; height: number; channels: number }) => ({
  raw: { width: p.width, height: p.height, channels: p.channels as 1 | 2 | 3 | 4 },
});

async function phashOf(pixels: DecodedPixels): Promise<string> {
  // Alpha is dropped before resizing, not composited: Pillow's 'L' keeps the RGB of transparent
  // pixels, and a premultiplied resize would darken them.
  let pipeline = sharp(pixels.data, rawInput(pixels));
  if (pixels.channels === 2 || pixels.channels === 4) pipeline = pipeline.removeAlpha();
  const { data, info } = await pipeline
    .resize(PHASH_INPUT_SIZE, PHASH_INPUT_SIZE, { fit: "fill", kernel: "lanczos3" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return phashFromGrey32(pillowGrey(data, PHASH_INPUT_SIZE * PHASH_INPUT_SIZE, info.channels));
}

/** EXIF orientation -> the sharp operations that make raw (tag-less) pixels upright. */
function applyOrientation(pipeline: Sharp, orientation: number): Sharp {
  switch (orientation) {
    case 2:
      return pipeline.flop();
    case 3:
      return pipeline.rotate(180);
    case 4:
      return pipeline.flip();
    // sharp applies flip/flop before the rotation whatever the call order, hence 5 and 7:
    case 5:
      return pipeline.rotate(90).flip();
    case 6:
      return pipeline.rotate(90);
    case 7:
      return pipeline.rotate(90).flop();
    case 8:
      return pipeline.rotate(270);
    default:
      return pipeline;
  }
}

/**
 * The display rendition is cut from the hash decode (already in memory) rather than decoding
 * again: a second JPEG decode costs as much as the first. That decode ignored the ICC profile,
 * which is faithful for sRGB (or no profile); any other profile (Display P3, Adobe RGB, CMYK)
 * takes a colour-managed decode so the derivatives look right once metadata is stripped.
 */
async function displayPixelsOf(bytes: Uint8Array, inspected: InspectedImage, pixels: DecodedPixels): Promise<DisplayPixels> {
  const fromHashDecode = isSrgbProfile(inspected.icc) && inspected.space !== "cmyk";
  const pipeline = fromHashDecode
    ? applyOrientation(sharp(pixels.data, rawInput(pixels)), inspected.orientation)
    : sharp(bytes, SHARP_INPUT).rotate().toColourspace("srgb");
  const { data, info } = await pipeline
    .resize(DISPLAY_MAX_EDGE, DISPLAY_MAX_EDGE, { fit: "inside", withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

export type AnalyseOptions = {
  /**
   * Also return the display rendition (upright, sRGB, long edge <= DISPLAY_MAX_EDGE). With
   * `storeIn`, it is null when every rendition of the photo is stored there already.
   */
  display: boolean;
  /** Store the original bytes (content-addressed) under this data dir once they decoded. */
  storeIn?: string;
};

/**
 * `display` is still being made when the hashes are returned (from the same decoded pixels):
 * nothing a registration has to wait for needs it.
 */
export type Analysed = { hashes: ImageHashes; display: Promise<DisplayPixels> | null; created: string[] };

/**
 * The whole analysis of one photo in the calling thread (the imaging worker): header checks,
 * one full-resolution decode, and from those pixels PDQ + dihedral, pHash and the display
 * rendition. While the decoder runs, SHA-256 is computed and the original is written to a temp
 * file and fsynced; it is linked into place once the pixels decoded. The display rendition is
 * resized after that and settles later. Refusals are DomainErrors and leave nothing behind.
 */
export async function analyseInThisThread(bytes: Uint8Array, options: AnalyseOptions): Promise<Analysed> {
  const inspected = await inspectImage(bytes);
  const decoding = decodePixels(bytes, inspected); // native, on the libuv pool
  decoding.catch(() => {}); // observed below
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const staging = options.storeIn ? stageOnce(options.storeIn, originalKey(sha256), bytes) : null;
  staging?.catch(() => {}); // observed below
  // The same photo stored before: its features and derivatives exist, no display rendition needed.
  const stored = options.display && options.storeIn ? renditionsStored(options.storeIn, sha256) : Promise.resolve(false);
  let pixels: DecodedPixels;
  try {
    pixels = await decoding;
  } catch (e) {
    await staging?.then(
      (s) => s.abort(),
      () => {},
    );
    throw e;
  }
  // Start the native work and the link first so they overlap the PDQ maths on this thread.
  const storing = staging ? staging.then((s) => s.commit()).then((created) => (created ? [originalKey(sha256)] : [])) : Promise.resolve([] as string[]);
  const phashing = phashOf(pixels);
  phashing.catch(() => {});
  storing.catch(() => {});
  let created: string[] = [];
  try {
    const pdq = pdqDihedralFromLuma(pdqLumaFromPixels(pixels.data, pixels.width, pixels.height, pixels.channels));
    const phash = await phashing;
    created = await storing;
    const display = options.display && !(await stored) ? displayPixelsOf(bytes, inspected, pixels) : null;
    display?.catch(() => {}); // observed by whoever publishes it
    return {
      hashes: {
        sha256,
        pdq: pdq.hash,
        pdqQuality: pdq.quality,
        pdqDihedral: pdq.dihedral,
        phash,
        ...displaySize(inspected),
        sizeBytes: bytes.length,
        mime: inspected.mime,
      },
      display,
      created,
    };
  } catch (e) {
    created = await storing.catch(() => []);
    if (options.storeIn) for (const key of created) await removeKey(options.storeIn, key).catch(() => {});
    throw e;
  }
}

/** The same analysis on the imaging worker pool (imaging-pool.server.ts), off this thread. */
export async function analyseImage(bytes: Uint8Array, options: AnalyseOptions): Promise<Analysed> {
  return runImagingTask({ task: "analyse", bytes, options });
}
