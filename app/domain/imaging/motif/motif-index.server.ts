/**
 * The process-wide motif (visual-word) index over every stored view that has features, kept on
 * globalThis so the server and the Remix build share it. Views are keyed by WorkView id; which
 * views a caller may see (registered only, not the work itself) is decided by the caller's
 * database query, so the index needs no update when a work changes status.
 *
 * Kept current by polling: before each query (at most every POLL_MS) the views created since the
 * last seen `createdAt` are read and added, so views written by another process (an import
 * script, a second app instance) are found too. Views whose feature file is missing (stored
 * before motif matching, until `npm run motif:backfill` reaches them) are retried every
 * MISSING_RETRY_MS.
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { renditionsSettled, storagePath } from "~/domain/imaging/ingest-image.server";
import { getEnv } from "~/utils/env.server";
import { prisma } from "~/utils/db.server";
import { featureKey, readFeatureSet } from "./feature-set";
import { MotifIndex } from "./motif-index";
import { parseVocabulary, type Vocabulary } from "./vocabulary";

const POLL_MS = 250;
const MISSING_RETRY_MS = 30_000;
const PAGE = 2000;

function vocabularyPath(): string {
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL("./vocabulary.bin", import.meta.url)));
  } catch {
    /* bundled */
  }
  candidates.push(path.resolve(process.cwd(), "app/domain/imaging/motif/vocabulary.bin"));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`motif vocabulary not found (looked in ${candidates.join(", ")})`);
  return found;
}

let vocabulary: Vocabulary | undefined;
export function getVocabulary(): Vocabulary {
  vocabulary ??= parseVocabulary(new Uint8Array(readFileSync(vocabularyPath())));
  return vocabulary;
}

type Holder = {
  key: string;
  index: MotifIndex;
  /** createdAt (ms) of the newest view read; re-read from 2 s before it (clock and commit skew) */
  since: number;
  missing: Map<string, string>; // viewId -> sha256
  missingCheckedAt: number;
  syncedAt: number;
  syncing?: Promise<void>;
};
const g = globalThis as unknown as { __kilnmarkMotifIndex?: Holder };

/** Reads a view's stored features; null when absent (not yet backfilled) or unreadable. */
export async function readViewFeatures(sha256: string, dataDir = getEnv().DATA_DIR): Promise<Uint8Array | null> {
  try {
    await renditionsSettled(sha256); // features of a just-committed upload are written after the commit
    const bytes = new Uint8Array(await readFile(storagePath(dataDir, featureKey(sha256))));
    readFeatureSet(bytes); // validates
    return bytes;
  } catch {
    return null;
  }
}

async function addView(h: Holder, id: string, sha256: string, dataDir: string): Promise<boolean> {
  const bytes = await readViewFeatures(sha256, dataDir);
  if (!bytes) return false;
  h.index.add(id, readFeatureSet(bytes).descriptors);
  return true;
}

async function sync(h: Holder): Promise<void> {
  const dataDir = getEnv().DATA_DIR;
  for (;;) {
    const rows = await prisma.workView.findMany({
      where: { createdAt: { gte: new Date(h.since - 2000) } },
      orderBy: { createdAt: "asc" },
      select: { id: true, sha256: true, createdAt: true },
      take: PAGE,
      skip: 0,
    });
    let fresh = 0;
    for (const r of rows) {
      if (h.index.has(r.id) || h.missing.has(r.id)) continue;
      fresh++;
      if (!(await addView(h, r.id, r.sha256, dataDir))) h.missing.set(r.id, r.sha256);
    }
    if (rows.length) h.since = Math.max(h.since, rows[rows.length - 1]!.createdAt.getTime());
    if (rows.length < PAGE || fresh === 0) break;
  }
  if (h.missing.size && Date.now() - h.missingCheckedAt > MISSING_RETRY_MS) {
    h.missingCheckedAt = Date.now();
    for (const [id, sha] of [...h.missing]) if (await addView(h, id, sha, dataDir)) h.missing.delete(id);
  }
  h.syncedAt = Date.now();
}

async function load(key: string): Promise<Holder> {
  const h: Holder = { key, index: new MotifIndex(getVocabulary()), since: 0, missing: new Map(), missingCheckedAt: Date.now(), syncedAt: 0 };
  const dataDir = getEnv().DATA_DIR;
  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.workView.findMany({
      select: { id: true, sha256: true, createdAt: true },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    for (const r of rows) {
      if (!(await addView(h, r.id, r.sha256, dataDir))) h.missing.set(r.id, r.sha256);
      h.since = Math.max(h.since, r.createdAt.getTime());
    }
    if (rows.length < PAGE) break;
    cursor = rows[rows.length - 1]!.id;
  }
  h.syncedAt = Date.now();
  return h;
}

let loading: Promise<Holder> | undefined;

/** The shared index, current to within POLL_MS. */
export async function getMotifIndex(): Promise<MotifIndex> {
  const env = getEnv();
  const key = `${env.DATABASE_URL}|${env.DATA_DIR}`;
  let h = g.__kilnmarkMotifIndex;
  if (!h || h.key !== key) {
    // Tests switch databases between files; a different database means a fresh index.
    loading ??= load(key).finally(() => (loading = undefined));
    h = await loading;
    g.__kilnmarkMotifIndex = h;
  }
  if (Date.now() - h.syncedAt >= POLL_MS) {
    const holder = h;
    holder.syncing ??= sync(holder).finally(() => (holder.syncing = undefined));
    await holder.syncing;
  }
  return h.index;
}

export function resetMotifIndex(): void {
  g.__kilnmarkMotifIndex = undefined;
}
