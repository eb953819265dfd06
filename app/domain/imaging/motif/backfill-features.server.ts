/**
 * Computes motif features for views stored before motif matching existed (or whose extraction
 * failed at ingest, or written before features carried a thumbnail). Resumable: a view whose
 * current feature file exists is skipped, so an interrupted run
 * continues where it stopped. Each file is written to a temp name and renamed into place, so a
 * crash never leaves a truncated feature file. The app keeps working meanwhile (PDQ matching;
 * motif matching picks each view up once its file appears).
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import sharp from "sharp";
import { SHARP_INPUT } from "~/domain/imaging/decode-image.server";
import { storagePath } from "~/domain/imaging/ingest-image.server";
import { extractFeatures } from "./extract-features.server";
import { featureKey, readFeatureSet } from "./feature-set";

/** A current feature file exists (files written before the stored thumbnail are recomputed). */
async function hasFeatures(dataDir: string, sha256: string): Promise<boolean> {
  try {
    const bytes = new Uint8Array(await readFile(storagePath(dataDir, featureKey(sha256))));
    return readFeatureSet(bytes).thumbnail !== null;
  } catch {
    return false;
  }
}

/** Atomic write of a feature file (temp file in the same folder, then rename). */
async function writeFeatureFile(dataDir: string, sha256: string, features: Uint8Array): Promise<void> {
  const target = storagePath(dataDir, featureKey(sha256));
  await mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `.tmp-${path.basename(target)}-${randomUUID()}`);
  try {
    await writeFile(temp, features, { mode: 0o600 });
    await rename(temp, target);
  } finally {
    await unlink(temp).catch(() => {});
  }
}

async function computeViewFeatures(dataDir: string, view: { sha256: string; storageKey: string; width: number; height: number }): Promise<Uint8Array> {
  const bytes = await readFile(storagePath(dataDir, view.storageKey));
  const { data, info } = await sharp(bytes, SHARP_INPUT)
    .rotate()
    .resize(1280, 1280, { fit: "inside", withoutEnlargement: true })
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return extractFeatures({ data, width: info.width, height: info.height, channels: info.channels }, { width: view.width, height: view.height });
}

type BackfillProgress = { total: number; done: number; computed: number; skipped: number; failed: number };

export async function backfillFeatures(options: {
  db: PrismaClient;
  dataDir: string;
  onProgress?: (p: BackfillProgress) => void;
  concurrency?: number;
}): Promise<BackfillProgress & { failures: { sha256: string; error: string }[] }> {
  const { db, dataDir } = options;
  // One file per distinct image (views of the same bytes share it).
  const rows = await db.workView.findMany({ select: { sha256: true, storageKey: true, width: true, height: true }, orderBy: { id: "asc" } });
  const unique = [...new Map(rows.map((r) => [r.sha256, r])).values()];
  const p: BackfillProgress = { total: unique.length, done: 0, computed: 0, skipped: 0, failed: 0 };
  const failures: { sha256: string; error: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const view = unique[next++]!;
      try {
        if (await hasFeatures(dataDir, view.sha256)) p.skipped++;
        else {
          await stat(storagePath(dataDir, view.storageKey));
          await writeFeatureFile(dataDir, view.sha256, await computeViewFeatures(dataDir, view));
          p.computed++;
        }
      } catch (e) {
        p.failed++;
        failures.push({ sha256: view.sha256, error: e instanceof Error ? e.message : String(e) });
      }
      p.done++;
      options.onProgress?.({ ...p });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 2 }, worker));
  return { ...p, failures };
}
