import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { SHARP_INPUT } from "./decode-image.server";
import { analyseImage, DISPLAY_MAX_EDGE, type DisplayPixels, type ImageHashes } from "./analyse-image.server";
import { DERIVATIVE_SIZES, derivativeKey, originalKey, removeKey, renditionsStored, storagePath, writeOnce, type DerivativeSize } from "./image-store.server";
import { extractFeatures } from "./motif/extract-features.server";
import { featureKey } from "./motif/feature-set";

export { DERIVATIVE_SIZES, derivativeKey, originalKey, storagePath, type DerivativeSize } from "./image-store.server";

/**
 * Stores an uploaded photo for a WorkView: validates it, decodes it once on the imaging worker
 * pool and derives SHA-256, PDQ + dihedral, pHash and a display rendition from those pixels
 * (analyse-image.server.ts); the original is written, content-addressed, while PDQ runs.
 *
 * What a registration does not need to wait for comes later, from the same display pixels (no
 * second decode): the caller publishes them after its transaction commits (`publishRenditions`,
 * not awaited by a request), which writes the local features for motif matching and the two WebP
 * display derivatives. Until then — or if the process stops first — `readDerivative` makes a
 * missing derivative from the original on first request and keeps it under the same content
 * address, and `npm run motif:backfill` computes missing features.
 *
 * No orphan files: everything is validated before the first write, so a refused upload writes
 * nothing; `created` lists exactly the files this call brought into existence (an existing
 * identical file is reused and not listed). If the caller's database transaction then fails,
 * `removeIngested(dataDir, result)` deletes those files and nothing else; derivatives of an
 * ingest that never committed are never written.
 */
export type IngestedImage = ImageHashes & {
  storageKey: string;
  derivatives: Record<DerivativeSize, string>;
  /** Keys of the files this call created (for rollback). */
  created: string[];
};

/** Display pixels of ingests whose derivatives are not published yet (dropped with the result). */
const pendingDisplay = new WeakMap<IngestedImage, Promise<DisplayPixels>>();

export async function ingestImage(options: {
  dataDir: string;
  bytes: Uint8Array;
  /**
   * "now": also write the features and derivatives before returning (listed in `created`, so a
   * failed transaction removes them too) — for uploads off any hot path, such as case evidence.
   */
  renditions?: "after-commit" | "now";
}): Promise<IngestedImage> {
  const { dataDir, bytes } = options;
  // display is null when the features and derivatives of this photo are stored already.
  const { hashes, display, created } = await analyseImage(bytes, { display: true, storeIn: dataDir });
  if (display && options.renditions === "now") {
    try {
      const pixels = await display;
      created.push(...(await writeFeatures(dataDir, hashes.sha256, pixels, { width: hashes.width, height: hashes.height })));
      created.push(...(await writeDerivatives(dataDir, hashes.sha256, pixels)));
    } catch (e) {
      await removeIngested(dataDir, { created });
      throw e;
    }
  }
  const image: IngestedImage = {
    ...hashes,
    storageKey: originalKey(hashes.sha256),
    derivatives: { 320: derivativeKey(hashes.sha256, 320), 1280: derivativeKey(hashes.sha256, 1280) },
    created,
  };
  if (display && options.renditions !== "now") pendingDisplay.set(image, display);
  return image;
}

/**
 * Undo an ingest whose database transaction failed. Only files this ingest created are removed.
 * `isReferenced` lets the caller keep a file that a concurrent, committed ingest of the same
 * bytes came to rely on meanwhile (it reused our file instead of creating its own).
 */
export async function removeIngested(
  dataDir: string,
  result: { created: readonly string[] },
  options: { isReferenced?: (key: string) => Promise<boolean> } = {},
): Promise<void> {
  for (const key of result.created) {
    if (options.isReferenced && (await options.isReferenced(key))) continue;
    await removeKey(dataDir, key);
  }
}

/**
 * Stores bytes that are not a photo (e.g. a PDF screenshot of a listing) under the same
 * content address as originals, with the same write-once, no-orphan guarantees.
 */
export async function storeOriginalBytes(options: { dataDir: string; bytes: Uint8Array; sha256: string }): Promise<{ storageKey: string; created: string[] }> {
  const storageKey = originalKey(options.sha256);
  const created = (await writeOnce(options.dataDir, storageKey, options.bytes)) ? [storageKey] : [];
  return { storageKey, created };
}

// ---- display derivatives ---------------------------------------------------------------------

const g = globalThis as unknown as { __kilnmarkRenditions?: Map<string, Promise<void>> };
/** sha256 -> the derivatives being written for it (published or made on request). */
const inFlight = (g.__kilnmarkRenditions ??= new Map());

async function encodeDerivative(display: DisplayPixels, size: DerivativeSize): Promise<Buffer> {
  return sharp(display.data, {
    raw: { width: display.width, height: display.height, channels: display.channels as 1 | 2 | 3 | 4 },
  })
    .resize(size, size, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 82, effort: 1 })
    .toBuffer();
}

async function writeFeatures(dataDir: string, sha256: string, display: DisplayPixels, source: { width: number; height: number }): Promise<string[]> {
  // Computed in the OpenCV worker pool. If the engine fails the photo is still stored (PDQ
  // matching works); `npm run motif:backfill` computes the missing features later.
  const features = await extractFeatures(display, source).catch((e: unknown) => {
    console.error(`[ingest] motif features of ${sha256} failed:`, e instanceof Error ? e.message : e);
    return null;
  });
  return features && (await writeOnce(dataDir, featureKey(sha256), features)) ? [featureKey(sha256)] : [];
}

async function writeDerivatives(dataDir: string, sha256: string, display: DisplayPixels): Promise<string[]> {
  const webps = await Promise.all(DERIVATIVE_SIZES.map((size) => encodeDerivative(display, size)));
  const created = await Promise.all(DERIVATIVE_SIZES.map((size, i) => writeOnce(dataDir, derivativeKey(sha256, size), webps[i])));
  return DERIVATIVE_SIZES.filter((_, i) => created[i]).map((size) => derivativeKey(sha256, size));
}

/** Runs `work` after anything already in flight for `sha256` (or joins it, for `join`). */
function track(sha256: string, work: () => Promise<void>, join = false): Promise<void> {
  const running = inFlight.get(sha256);
  if (running && join) return running;
  const p: Promise<void> = (running ? running.catch(() => {}).then(work) : work()).finally(() => {
    if (inFlight.get(sha256) === p) inFlight.delete(sha256);
  });
  inFlight.set(sha256, p);
  return p;
}

/**
 * Writes the local features and the WebP derivatives of committed ingests from the pixels their
 * analysis already made (no second decode). Call after the transaction that references them
 * committed; requests do not await it (`void publishRenditions(...)`): failures are logged, a
 * derivative still missing is made on first request by `readDerivative`, missing features by
 * `npm run motif:backfill`.
 */
export function publishRenditions(dataDir: string, images: readonly IngestedImage[]): Promise<void> {
  const jobs = images.map((image) => {
    const display = pendingDisplay.get(image);
    if (!display) return Promise.resolve();
    pendingDisplay.delete(image);
    const source = { width: image.width, height: image.height };
    return track(image.sha256, async () => {
      if (await renditionsStored(dataDir, image.sha256)) return;
      // Features first: motif matching of the next upload may need them; the pages have readDerivative.
      const pixels = await display;
      await writeFeatures(dataDir, image.sha256, pixels, source);
      await writeDerivatives(dataDir, image.sha256, pixels);
    }).catch((e: unknown) => {
      console.error(`[ingest] derivatives of ${image.sha256} failed:`, e instanceof Error ? e.message : e);
    });
  });
  return Promise.all(jobs).then(() => {});
}

/** Resolves once no rendition is being written in this process (tests, shutdown). */
export async function renditionsIdle(): Promise<void> {
  while (inFlight.size) await Promise.allSettled([...inFlight.values()]);
}

/** Resolves once the features and derivatives of `sha256` being published (if any) are written. */
export async function renditionsSettled(sha256: string): Promise<void> {
  await inFlight.get(sha256)?.catch(() => {});
}

/**
 * A display derivative's bytes, or null when the original is not stored either. A derivative
 * not written yet (published in the background, or lost with a crash) is made now from the
 * stored original — upright, sRGB, metadata-free like the published ones — and kept.
 */
export async function readDerivative(dataDir: string, sha256: string, size: DerivativeSize): Promise<Buffer<ArrayBuffer> | null> {
  const file = storagePath(dataDir, derivativeKey(sha256, size));
  const readIt = () =>
    readFile(file).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return null;
      throw e;
    });
  await inFlight.get(sha256)?.catch(() => {});
  const ready = await readIt();
  if (ready) return ready;
  const original = await readFile(storagePath(dataDir, originalKey(sha256))).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return null;
    throw e;
  });
  if (!original) return null;
  const made = await track(
    sha256,
    async () => {
      const { data, info } = await sharp(original, SHARP_INPUT)
        .rotate()
        .toColourspace("srgb")
        .resize(DISPLAY_MAX_EDGE, DISPLAY_MAX_EDGE, { fit: "inside", withoutEnlargement: true })
        .raw()
        .toBuffer({ resolveWithObject: true });
      await writeDerivatives(dataDir, sha256, { data, width: info.width, height: info.height, channels: info.channels });
    },
    true,
  ).then(
    () => true,
    (e: unknown) => {
      console.error(`[ingest] derivative of ${sha256} could not be made:`, e instanceof Error ? e.message : e);
      return false;
    },
  );
  return made ? readIt() : null;
}
