/**
 * Catalog imports run in the background of this process so the page can show their progress:
 * a job keyed by a random id, visible only to the user who started it, kept for a few hours.
 * (The import itself is durable row by row — each created work is committed as it goes — so a
 * restart mid-import loses only the progress display, not the works already created.)
 */
import { randomUUID } from "node:crypto";
import type { ImportProgress, ImportReport } from "./import-catalog.server";

type ImportJob = {
  id: string;
  userId: string;
  status: "running" | "done" | "failed";
  done: number;
  total: number;
  report: ImportReport | null;
  /** Localized message when the whole import was refused (permission, bad ZIP …). */
  error: string | null;
  startedAt: number;
  finishedAt: number | null;
};

const KEEP_MS = 6 * 3600_000;
const g = globalThis as unknown as { __kilnmarkImportJobs?: Map<string, ImportJob> };
const jobs = (g.__kilnmarkImportJobs ??= new Map());

export function startImportJob({
  userId,
  run,
  describeError,
}: {
  userId: string;
  run: (onProgress: (p: ImportProgress) => void) => Promise<ImportReport>;
  /** Turns a thrown error into the message shown (DomainErrors are translated by the caller). */
  describeError: (e: unknown) => string;
}): ImportJob {
  const now = Date.now();
  for (const [id, j] of jobs) if (j.finishedAt && now - j.finishedAt > KEEP_MS) jobs.delete(id);
  const job: ImportJob = { id: randomUUID(), userId, status: "running", done: 0, total: 0, report: null, error: null, startedAt: now, finishedAt: null };
  jobs.set(job.id, job);
  void (async () => {
    try {
      job.report = await run((p) => {
        job.done = p.done;
        job.total = p.total;
      });
      job.status = "done";
    } catch (e) {
      job.status = "failed";
      job.error = describeError(e);
    } finally {
      job.finishedAt = Date.now();
    }
  })();
  return job;
}

/** The user's own job, or null (someone else's id is as good as unknown). */
export function getImportJob({ userId, jobId }: { userId: string; jobId: string }): ImportJob | null {
  const job = jobs.get(jobId);
  return job && job.userId === userId ? { ...job } : null;
}
