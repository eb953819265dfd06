/**
 * Scheduled work inside the server process. Each area lists its jobs in
 * app/startup/jobs/<area>.server.ts. Several instances may share one database: before each run a
 * job's lease is taken (job-leases.server.ts), so each job runs on one instance per schedule and
 * moves to another when its holder stops. Jobs that keep this process's own state (the rate-limit
 * file, the in-memory index) are per process and run everywhere.
 */
import { pruneRateLimits } from "~/utils/rate-limit.server";
import { pruneIdempotencyKeys } from "~/domain/idempotency/idempotency-key.server";
import { prisma } from "~/utils/db.server";
import { acquireLease, leaseTtlMs } from "./job-leases.server";
import { jobs as registryJobs } from "./jobs/registry.server";
import { jobs as licensingJobs } from "./jobs/licensing.server";
import { jobs as casesJobs } from "./jobs/cases.server";
import { jobs as certificateJobs } from "./jobs/certificates.server";
import { jobs as mailJobs } from "./jobs/mail.server";

export type Job = {
  name: string;
  everyMs: number;
  runAtStart?: boolean;
  /** Runs in every process (it tends this process's own state), not once across instances. */
  perProcess?: boolean;
  run: () => Promise<void>;
};

const coreJobs: Job[] = [
  { name: "prune-rate-limits", everyMs: 3600_000, perProcess: true, run: () => pruneRateLimits() },
  { name: "prune-idempotency-keys", everyMs: 6 * 3600_000, run: async () => void (await pruneIdempotencyKeys({ db: prisma })) },
];

export async function startBackgroundJobs() {
  for (const job of [...coreJobs, ...registryJobs, ...licensingJobs, ...casesJobs, ...certificateJobs, ...mailJobs]) {
    const tick = async () => {
      try {
        if (!job.perProcess && !(await acquireLease(prisma, job.name, leaseTtlMs(job.everyMs)))) return;
        await job.run();
      } catch (e) {
        console.error(`[job ${job.name}]`, e);
      }
    };
    if (job.runAtStart) await tick();
    setInterval(tick, job.everyMs).unref();
  }
}
