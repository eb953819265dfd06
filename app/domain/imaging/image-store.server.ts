/**
 * The content-addressed file store under DATA_DIR (all keys are relative, "/"-separated):
 *   originals/ab/cd/<sha256>            the bytes as uploaded
 *   derivatives/<sha256>-320.webp       long edge <= 320   (display renditions: a cache, see
 *   derivatives/<sha256>-1280.webp      long edge <= 1280   renditions.server.ts)
 *   features/ab/cd/<sha256>.orb         local features for motif matching (motif/feature-set.ts)
 *
 * Each file is written to a temp file in its final directory, fsynced and then hard-linked into
 * place; link() fails if the name exists, so a write reports exactly whether this call brought
 * the file into existence (an existing identical file is reused). Plain Node, no app imports
 * (only the pure feature-file layout): the imaging worker threads write originals with it too.
 */
import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { chmod, link, mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { featureKey, readFeatureSet } from "./motif/feature-set";

export const DERIVATIVE_SIZES = [320, 1280] as const;
export type DerivativeSize = (typeof DERIVATIVE_SIZES)[number];

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

/** Absolute path of a stored file, for streaming it back. */
export function storagePath(dataDir: string, key: string): string {
  return resolveKey(dataDir, key);
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

/** A durable temp file ready to be linked into place, or an identical file already there. */
type StagedWrite = {
  /** Links the file into place; true if this call created it. */
  commit(): Promise<boolean>;
  /** Drops the temp file (nothing was created). */
  abort(): Promise<void>;
};

/**
 * First half of `writeOnce`: writes and fsyncs `data` to a temp file beside `key` (or finds a
 * file of the same size already there). Lets the slow part of a durable write overlap other
 * work, such as decoding the photo that decides whether it is stored at all; a crash leaves only
 * a `.tmp-` file, which the start-up sweep removes.
 */
export async function stageOnce(dataDir: string, key: string, data: Uint8Array): Promise<StagedWrite> {
  const target = resolveKey(dataDir, key);
  const dir = path.dirname(target);
  const existing = await stat(target).catch(() => null);
  if (existing?.isFile() && existing.size === data.length) {
    return {
      commit: async () => {
        await touch(target); // reused: covered by the sweep's grace until our transaction commits
        return false;
      },
      abort: async () => {},
    };
  }
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.tmp-${path.basename(target)}-${randomUUID()}`);
  const handle = await open(temp, "wx", 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw e;
  }
  await handle.close();
  return {
    async commit() {
      try {
        if (existing) await unlink(target).catch(() => {}); // a damaged copy (wrong size) is replaced
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
    },
    abort: () => unlink(temp).catch(() => {}),
  };
}

/** Durably writes `data` at `key` unless a file of the same size is already there; true if created. */
export async function writeOnce(dataDir: string, key: string, data: Uint8Array): Promise<boolean> {
  return (await stageOnce(dataDir, key, data)).commit();
}

/** Deletes `key` if present. */
export async function removeKey(dataDir: string, key: string): Promise<void> {
  await unlink(resolveKey(dataDir, key)).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== "ENOENT") throw e;
  });
}

/**
 * Whether the renditions of `sha256` are all stored already (the same photo imported or uploaded
 * before): both WebP derivatives and a current-format feature file (with the photometric
 * thumbnail). They are content-addressed and deterministic, so making them again would rewrite
 * the same bytes: a display resize, an ORB run and two WebP encodes for nothing. When they are,
 * they are marked in use like any reused file (they may be an old unreferenced photo's until the
 * caller's transaction commits: the start-up sweep's grace covers them meanwhile).
 */
export async function renditionsStored(dataDir: string, sha256: string): Promise<boolean> {
  const files = [...DERIVATIVE_SIZES.map((size) => resolveKey(dataDir, derivativeKey(sha256, size))), resolveKey(dataDir, featureKey(sha256))];
  for (const file of files.slice(0, -1)) {
    const st = await stat(file).catch(() => null);
    if (!st?.isFile() || st.size === 0) return false;
  }
  try {
    if (readFeatureSet(new Uint8Array(await readFile(files[files.length - 1]!))).thumbnail === null) return false;
  } catch {
    return false;
  }
  for (const file of files) await touch(file);
  return true;
}
