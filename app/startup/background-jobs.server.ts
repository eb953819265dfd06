/**
 * Scheduled work inside the server process (one process per database in the embedded mode).
 * Each area lists its jobs in app/startup/jobs/<area>.server.ts.
 */
import { pruneRateLimits } from "~/utils/rate-limit.server";
import { pruneIdempotencyKeys } from "~/domain/idempotency/idempotency-key.server";
import { prisma } from "~/utils/db.server";
import { jobs as registryJobs } from "./jobs/registry.server";
import { jobs as licensingJobs } from "./jobs/licensing.server";
import { jobs as casesJobs } from "./jobs/cases.server";
import { jobs as certificateJobs } from "./jobs/certificates.server";
import { jobs as mailJobs } from "./jobs/mail.server";

export type Job = { name: string; everyMs: number; runAtStart?: boolean; run: () => Promise<void> };

const coreJobs: Job[] = [
  { name: "prune-rate-limits", everyMs: 3600_000, run: () => pruneRateLimits() },
  { name: "prune-idempotency-keys", everyMs: 6 * 3600_000, run: async () => void (await pruneIdempotencyKeys({ db: prisma })) },
];

export async function startBackgroundJobs() {
  for (const job of [...coreJobs, ...registryJobs, ...licensingJobs, ...casesJobs, ...certificateJobs, ...mailJobs]) {
    const tick = async () => {
      try {
        await job.run();
      } catch (e) {
        console.error(`[job ${job.name}]`, e);
      }
    };
    if (job.runAtStart) await tick();
    setInterval(tick, job.everyMs).unref();
  }
}
