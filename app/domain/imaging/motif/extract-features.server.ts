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
type Grey = { grey: Uint8Array; width: number; height: number };

async function greyOf(pipeline: Sharp, edge = MOTIF_ANALYSIS_EDGE): Promise<Grey> {
  const { data, info } = await pipeline.resize(edge, edge, { fit: "inside", withoutEnlargement: true }).greyscale().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected 1 channel, got ${info.channels}`);
  return { grey: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

function rawPipeline(p: Pixels): Sharp {
  let s = sharp(p.data, { raw: { width: p.width, height: p.height, channels: p.channels as 1 | 2 | 3 | 4 } });
  if (p.channels === 2 || p.channels === 4) s = s.flatten({ background: "#ffffff" });
  return s;
}

/**
 * The worker's "extract" task. A registered view keeps more features and a larger thumbnail than a
 * query; a query also gets its visual words, and its grey buffer (a copy of its own) is handed over
 * without copying — a view's may be a slice of sharp's output, so it is cloned instead.
 */
async function extractGrey(g: Grey, sourceWidth: number, sourceHeight: number, kind: "view"): Promise<{ features: Uint8Array }>;
async function extractGrey(
  g: Grey,
  sourceWidth: number,
  sourceHeight: number,
  kind: "query",
  cpu?: CpuProfile,
): Promise<{ features: Uint8Array; words: Uint32Array }>;
async function extractGrey(g: Grey, sourceWidth: number, sourceHeight: number, kind: "view" | "query", cpu?: CpuProfile) {
  const query = kind === "query";
  const out = await runMotifTask<Uint8Array | { features: Uint8Array; words: Uint32Array }>(
    {
      task: "extract",
      grey: g.grey,
      width: g.width,
      height: g.height,
      sourceWidth,
      sourceHeight,
      maxFeatures: query ? MOTIF_QUERY_FEATURES : MOTIF_VIEW_FEATURES,
      thumbEdge: query ? MOTIF_QUERY_THUMB_EDGE : MOTIF_VIEW_THUMB_EDGE,
      ...(query ? { words: true } : {}),
    },
    cpu,
    "features.",
    query ? [g.grey.buffer as ArrayBuffer] : undefined,
  );
  const raw = out instanceof Uint8Array ? out : out.features;
  const features = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  return out instanceof Uint8Array ? { features } : { features, words: out.words };
}

/**
 * Features of upright display pixels. `sourceWidth`/`sourceHeight` are the photo's upright size
 * (the pixels may be a smaller rendition), so matched regions come back in the photo's pixels.
 */
export async function extractFeatures(pixels: Pixels, source?: { width: number; height: number }): Promise<Uint8Array> {
  const g = await greyOf(rawPipeline(pixels));
  return (await extractGrey(g, source?.width ?? pixels.width, source?.height ?? pixels.height, "view")).features;
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
    extractGrey({ grey, width: info.width, height: info.height }, width, height, "query", cpu),
    extractGrey({ grey: mirrored, width: info.width, height: info.height }, width, height, "query", cpu),
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
