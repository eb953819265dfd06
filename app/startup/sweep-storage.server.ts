/**
 * Start-up sweep of the content-addressed file store (DATA_DIR/originals, derivatives, features):
 * removes what a crash left behind — `.tmp-*` files of an interrupted write, and blobs no row
 * refers to (photos written before a transaction that never committed) — once they are older
 * than `minAgeMs`. The age grace protects an upload in flight in another process (an import
 * script, a second instance): its files are young, and an ingest that reuses an existing file
 * moves its inode change time to now (ingest-image.server.ts). A file's age is measured from its
 * change time (ctime, which no one can set back; it is at least the write time). Each candidate is checked against the database
 * once more right before it is deleted. Also run from the command line: `npm run sweep-storage`.
 */
import { readdir, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";

type SweepReport = {
  tempFiles: number;
  tempBytes: number;
  orphanFiles: number;
  orphanBytes: number;
  /** Files kept because they are younger than the grace period. */
  keptYoung: number;
  removed: string[];
};

/** Each store directory and how a file name in it carries the blob's SHA-256. */
const STORES: Record<string, RegExp> = {
  originals: /^([0-9a-f]{64})$/, // originals/ab/cd/<sha256>
  derivatives: /^([0-9a-f]{64})-\d+\.webp$/, // derivatives/<sha256>-<size>.webp
  features: /^([0-9a-f]{64})\.orb$/, // features/ab/cd/<sha256>.orb (motif matching)
};
const lastUsed = (st: { mtimeMs: number; ctimeMs: number }) => Math.max(st.mtimeMs, st.ctimeMs);

/** The SHA-256s of every stored blob a committed row uses (work views, case evidence, notices). */
async function referencedBlobHashes(db: PrismaClient): Promise<Set<string>> {
  const rows = await db.$queryRawUnsafe<{ sha256: string }[]>(
    `SELECT "sha256" FROM "WorkView" UNION SELECT "sha256" FROM "Evidence" UNION SELECT "sha256" FROM "Notice"`,
  );
  return new Set(rows.map((r) => r.sha256));
}

/** Of `sha256s`, those a committed row uses now (the re-check just before deleting). */
async function stillReferenced(db: PrismaClient, sha256s: readonly string[]): Promise<Set<string>> {
  const where = { sha256: { in: [...sha256s] } };
  const select = { sha256: true } as const;
  const [v, e, n] = await Promise.all([
    db.workView.findMany({ where, select, distinct: ["sha256"] }),
    db.evidence.findMany({ where, select, distinct: ["sha256"] }),
    db.notice.findMany({ where, select, distinct: ["sha256"] }),
  ]);
  return new Set([...v, ...e, ...n].map((r) => r.sha256));
}

async function* walk(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

export async function sweepStorage({
  db,
  dataDir,
  minAgeMs = 3600_000,
  now = Date.now(),
  dryRun = false,
}: {
  db: PrismaClient;
  dataDir: string;
  minAgeMs?: number;
  now?: number;
  dryRun?: boolean;
}): Promise<SweepReport> {
  const report: SweepReport = { tempFiles: 0, tempBytes: 0, orphanFiles: 0, orphanBytes: 0, keptYoung: 0, removed: [] };
  const cutoff = now - minAgeMs;
  const referenced = await referencedBlobHashes(db);
  const orphans = new Map<string, { file: string; size: number }[]>();

  const remove = async (file: string) => {
    if (dryRun) return true;
    try {
      await unlink(file);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw e;
    }
  };

  for (const [sub, pattern] of Object.entries(STORES)) {
    for await (const file of walk(path.join(dataDir, sub))) {
      const name = path.basename(file);
      const st = await stat(file).catch(() => null);
      if (!st) continue;
      if (name.startsWith(".tmp-")) {
        if (lastUsed(st) > cutoff) {
          report.keptYoung++;
        } else if (await remove(file)) {
          report.tempFiles++;
          report.tempBytes += st.size;
          report.removed.push(path.relative(dataDir, file));
        }
        continue;
      }
      const sha = pattern.exec(name)?.[1];
      if (!sha || referenced.has(sha)) continue; // unknown names are never touched
      if (lastUsed(st) > cutoff) {
        report.keptYoung++;
        continue;
      }
      const list = orphans.get(sha) ?? [];
      list.push({ file, size: st.size });
      orphans.set(sha, list);
    }
  }

  const candidates = [...orphans.keys()];
  for (let i = 0; i < candidates.length; i += 500) {
    const batch = candidates.slice(i, i + 500);
    const used = await stillReferenced(db, batch); // committed since the first read
    for (const sha of batch) {
      if (used.has(sha)) continue;
      for (const f of orphans.get(sha)!) {
        // Re-read the age: an ingest may have reused (and touched) the file meanwhile.
        const st = await stat(f.file).catch(() => null);
        if (!st || lastUsed(st) > cutoff) continue;
        if (await remove(f.file)) {
          report.orphanFiles++;
          report.orphanBytes += st.size;
          report.removed.push(path.relative(dataDir, f.file));
        }
      }
    }
  }
  return report;
}

export function describeSweep(r: SweepReport): string {
  const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
  return `removed ${r.tempFiles} temp files (${mb(r.tempBytes)} MB) and ${r.orphanFiles} unreferenced blobs (${mb(r.orphanBytes)} MB); kept ${r.keptYoung} younger than the grace period`;
}

/** The server's start-up run: in the background (a large store takes a while), logged. */
export async function runStartupSweep({
  db,
  dataDir,
  minAgeSeconds,
}: {
  db: PrismaClient;
  dataDir: string;
  minAgeSeconds: number;
}): Promise<SweepReport | null> {
  try {
    const report = await sweepStorage({ db, dataDir, minAgeMs: minAgeSeconds * 1000 });
    console.log(`[storage-sweep] ${describeSweep(report)}`);
    return report;
  } catch (e) {
    console.error("[storage-sweep] failed", e);
    return null;
  }
}
