/**
 * Local features of a photo, computed in the OpenCV worker pool: upright, grey, long side 800.
 * `extractFeatures` takes already-decoded pixels (ingest reuses its display rendition);
 * `extractQueryFeatures` decodes uploaded bytes and also analyses the mirrored photo, so a
 * flipped copy is found too.
 */
import sharp, { type Sharp } from "sharp";
import { SHARP_INPUT } from "~/domain/imaging/decode-image.server";
import { runMotifTask } from "./motif-pool.server";
import { MOTIF_ANALYSIS_EDGE, MOTIF_QUERY_EDGE, MOTIF_QUERY_FEATURES, MOTIF_QUERY_THUMB_EDGE, MOTIF_VIEW_FEATURES, MOTIF_VIEW_THUMB_EDGE } from "./motif-rules";
import { readFeatureSet } from "./feature-set";
import type { CpuProfile } from "~/utils/thread-cpu.server";

type Pixels = { data: Buffer | Uint8Array; width: number; height: number; channels: number };

async function greyOf(pipeline: Sharp, edge = MOTIF_ANALYSIS_EDGE): Promise<{ grey: Uint8Array; width: number; height: number }> {
  const { data, info } = await pipeline.resize(edge, edge, { fit: "inside", withoutEnlargement: true }).greyscale().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected 1 channel, got ${info.channels}`);
  return { grey: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

function rawPipeline(p: Pixels): Sharp {
  let s = sharp(p.data, { raw: { width: p.width, height: p.height, channels: p.channels as 1 | 2 | 3 | 4 } });
  if (p.channels === 2 || p.channels === 4) s = s.flatten({ background: "#ffffff" });
  return s;
}

async function extractGrey(
  g: { grey: Uint8Array; width: number; height: number },
  sourceWidth: number,
  sourceHeight: number,
  maxFeatures = MOTIF_VIEW_FEATURES,
  thumbEdge = MOTIF_VIEW_THUMB_EDGE,
): Promise<Uint8Array> {
  const out = await runMotifTask<Uint8Array>({
    task: "extract",
    grey: g.grey,
    width: g.width,
    height: g.height,
    sourceWidth,
    sourceHeight,
    maxFeatures,
    thumbEdge,
  });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** A query's features and their visual words, both computed in the worker. */
async function extractQueryGrey(
  g: { grey: Uint8Array; width: number; height: number },
  sourceWidth: number,
  sourceHeight: number,
  cpu?: CpuProfile,
): Promise<{ features: Uint8Array; words: Uint32Array }> {
  const out = await runMotifTask<{ features: Uint8Array; words: Uint32Array }>(
    {
      task: "extract",
      grey: g.grey,
      width: g.width,
      height: g.height,
      sourceWidth,
      sourceHeight,
      maxFeatures: MOTIF_QUERY_FEATURES,
      thumbEdge: MOTIF_QUERY_THUMB_EDGE,
      words: true,
    },
    cpu,
    "features.",
    [g.grey.buffer as ArrayBuffer],
  );
  return { features: new Uint8Array(out.features.buffer, out.features.byteOffset, out.features.byteLength), words: out.words };
}

/**
 * Features of upright display pixels. `sourceWidth`/`sourceHeight` are the photo's upright size
 * (the pixels may be a smaller rendition), so matched regions come back in the photo's pixels.
 */
export async function extractFeatures(pixels: Pixels, source?: { width: number; height: number }): Promise<Uint8Array> {
  const g = await greyOf(rawPipeline(pixels));
  return extractGrey(g, source?.width ?? pixels.width, source?.height ?? pixels.height);
}

export type QueryFeatures = {
  /** [as sent, mirrored] (a stored view's features alone when matching registered views against each other) */
  variants: Uint8Array[];
  /** each variant's visual words (computed from `variants` when absent) */
  words?: Uint32Array[];
  keypoints: number;
  width: number;
  height: number;
};

/**
 * Features of an uploaded photo (decoded upright, as a person sees it) and of its mirror image,
 * one on each worker. `cpu` collects the workers' CPU per stage (profiling).
 */
export async function extractQueryFeatures(bytes: Uint8Array, cpu?: CpuProfile): Promise<QueryFeatures> {
  const [meta, { data, info }] = await Promise.all([
    sharp(bytes, SHARP_INPUT).metadata(),
    sharp(bytes, SHARP_INPUT)
      .rotate()
      .resize(MOTIF_QUERY_EDGE, MOTIF_QUERY_EDGE, { fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true }),
  ]);
  const swap = (meta.orientation ?? 1) >= 5;
  const width = swap ? meta.height! : meta.width!;
  const height = swap ? meta.width! : meta.height!;
  // Both variants in buffers of their own, handed to the workers without a copy.
  const grey = new Uint8Array(data.byteLength);
  grey.set(data);
  const mirrored = mirror(grey, info.width, info.height);
  const [a, b] = await Promise.all([
    extractQueryGrey({ grey, width: info.width, height: info.height }, width, height, cpu),
    extractQueryGrey({ grey: mirrored, width: info.width, height: info.height }, width, height, cpu),
  ]);
  return { variants: [a.features, b.features], words: [a.words, b.words], keypoints: readFeatureSet(a.features).count, width, height };
}

/** The grey image mirrored left to right (what sharp's flop gives, without a trip through libvips). */
export function mirror(grey: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(grey.byteLength);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = grey[row + width - 1 - x]!;
  }
  return out;
}
