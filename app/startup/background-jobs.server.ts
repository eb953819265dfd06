/**
 * Scheduled work inside the server process (one process per database in the embedded mode):
 * later features register their jobs here (anchoring interval, license expiry, overdue reports).
 */
type Job = { name: string; everyMs: number; run: () => Promise<void> };

const jobs: Job[] = [];

export function registerJob(job: Job) {
  jobs.push(job);
}

export async function startBackgroundJobs() {
  const { pruneRateLimits } = await import("~/utils/rate-limit.server");
  registerJob({ name: "prune-rate-limits", everyMs: 3600_000, run: () => pruneRateLimits() });
  for (const job of jobs) {
    const tick = async () => {
      try {
        await job.run();
      } catch (e) {
        console.error(`[job ${job.name}]`, e);
      }
    };
    setInterval(tick, job.everyMs).unref();
  }
}
