import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { chmod, link, mkdir, open, stat, unlink } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { analyseImage, type DisplayPixels, type ImageHashes } from "./analyse-image.server";
import { extractFeatures } from "./motif/extract-features.server";
import { featureKey } from "./motif/feature-set";

/**
 * Stores an uploaded photo for a WorkView: the original, content-addressed by SHA-256, plus two
 * upright, metadata-free WebP derivatives for display.
 *
 * Layout under dataDir (all keys are relative, "/"-separated):
 *   originals/ab/cd/<sha256>            the bytes as uploaded
 *   derivatives/<sha256>-320.webp       long edge <= 320
 *   derivatives/<sha256>-1280.webp      long edge <= 1280
 *   features/ab/cd/<sha256>.orb         local features for motif matching (motif/feature-set.ts)
 *
 * No orphan files: everything is validated and computed before the first write, so a refused
 * upload writes nothing. Each file is written to a temp file in its final directory, fsynced and
 * then hard-linked into place; link() fails if the name exists, so `created` lists exactly the
 * files this call brought into existence (an existing identical file is reused and not listed).
 * If the caller's database transaction then fails, `removeIngested(dataDir, result)` deletes
 * those files and nothing else.
 */
export const DERIVATIVE_SIZES = [320, 1280] as const;
export type DerivativeSize = (typeof DERIVATIVE_SIZES)[number];

export type IngestedImage = ImageHashes & {
  storageKey: string;
  derivatives: Record<DerivativeSize, string>;
  /** Keys of the files this call created (for rollback). */
  created: string[];
};

export function originalKey(sha256: string): string {
  return `originals/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export function derivativeKey(sha256: string, size: DerivativeSize): string {
  return `derivatives/${sha256}-${size}.webp`;
}

function resolveKey(dataDir: string, key: string): string {
  const full = path.resolve(dataDir, ...key.split("/"));
  const root = path.resolve(dataDir) + path.sep;
  if (!full.startsWith(root)) throw new Error(`storage key escapes the data dir: ${key}`);
  return full;
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Marks a reused file as in use now for the start-up sweep's age grace (it may be an old
 * unreferenced blob until our transaction commits): a same-mode chmod moves only the inode's
 * change time, which the sweep reads; the bytes' modification time stays as written.
 */
async function touch(file: string): Promise<void> {
  const st = await stat(file).catch(() => null);
  if (st) await chmod(file, st.mode & 0o7777).catch(() => {});
}

/** Durably writes `data` at `key` unless a file of the same size is already there. */
async function writeOnce(dataDir: string, key: string, data: Uint8Array): Promise<boolean> {
  const target = resolveKey(dataDir, key);
  const dir = path.dirname(target);
  const existing = await stat(target).catch(() => null);
  if (existing?.isFile() && existing.size === data.length) {
    await touch(target); // reused: covered by the sweep's grace until our transaction commits
    return false;
  }
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.tmp-${path.basename(target)}-${randomUUID()}`);
  const handle = await open(temp, "wx", 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (existing) await unlink(target); // a damaged copy (wrong size) is replaced
    await link(temp, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") {
      await touch(target); // a concurrent ingest won; we rely on its file too
      return false;
    }
    throw e;
  } finally {
    await unlink(temp).catch(() => {});
  }
  await fsyncDir(dir);
  return true;
}

async function encodeDerivative(display: DisplayPixels, size: DerivativeSize): Promise<Buffer> {
  return sharp(display.data, {
    raw: { width: display.width, height: display.height, channels: display.channels as 1 | 2 | 3 | 4 },
  })
    .resize(size, size, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 82, effort: 1 })
    .toBuffer();
}

export async function ingestImage(options: { dataDir: string; bytes: Uint8Array }): Promise<IngestedImage> {
  const { dataDir, bytes } = options;
  const { hashes, display } = await analyseImage(bytes, { display: true });
  if (!display) throw new Error("display rendition missing");
  const [webps, features] = await Promise.all([
    Promise.all(DERIVATIVE_SIZES.map((size) => encodeDerivative(display, size))),
    // Computed in the OpenCV worker pool. If the engine fails the photo is still stored (PDQ
    // matching works); `npm run motif:backfill` computes the missing features later.
    extractFeatures(display, { width: hashes.width, height: hashes.height }).catch((e: unknown) => {
      console.error(`[ingest] motif features of ${hashes.sha256} failed:`, e instanceof Error ? e.message : e);
      return null;
    }),
  ]);

  const storageKey = originalKey(hashes.sha256);
  const derivatives = {
    320: derivativeKey(hashes.sha256, 320),
    1280: derivativeKey(hashes.sha256, 1280),
  };
  const writes: Array<[string, Uint8Array]> = [
    [storageKey, bytes],
    [derivatives[320], webps[0]],
    [derivatives[1280], webps[1]],
    ...(features ? [[featureKey(hashes.sha256), features] as [string, Uint8Array]] : []),
  ];
  const created: string[] = [];
  try {
    for (const [key, data] of writes) if (await writeOnce(dataDir, key, data)) created.push(key);
  } catch (e) {
    await removeIngested(dataDir, { created });
    throw e;
  }
  return { ...hashes, storageKey, derivatives, created };
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
    await unlink(resolveKey(dataDir, key)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") throw e;
    });
  }
}

/** Absolute path of a stored file, for streaming it back. */
export function storagePath(dataDir: string, key: string): string {
  return resolveKey(dataDir, key);
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
