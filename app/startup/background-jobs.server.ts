/**
 * Scheduled work inside the server process. Each area lists its jobs in
 * app/startup/jobs/<area>.server.ts. Several instances may share one database: before each run a
 * job's lease is taken (job-leases.server.ts: an advisory lock on PostgreSQL, a row on SQLite), so
 * each job runs on one instance per schedule and moves to another when its holder stops. Jobs that
 * keep this process's own state (the rate-limit file, the in-memory index) are per process and run
 * everywhere.
 */
import { pruneRateLimits } from "~/utils/rate-limit.server";
import { pruneIdempotencyKeys } from "~/domain/idempotency/idempotency-key.server";
import { dialect, prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { advisoryLeases, rowLeases, type JobLeases } from "./job-leases.server";
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

let leases: JobLeases | undefined;

export async function startBackgroundJobs() {
  leases = dialect() === "postgres" ? advisoryLeases(getEnv().DATABASE_URL) : rowLeases(() => prisma);
  const held = leases;
  for (const job of [...coreJobs, ...registryJobs, ...licensingJobs, ...casesJobs, ...certificateJobs, ...mailJobs]) {
    const tick = async () => {
      try {
        if (!job.perProcess && !(await held.acquire(job.name, job.everyMs))) return;
        await job.run();
      } catch (e) {
        console.error(`[job ${job.name}]`, e);
      }
    };
    if (job.runAtStart) await tick();
    setInterval(tick, job.everyMs).unref();
  }
}

/** A clean stop: the leases are given up, so the other instances take the jobs at their next tick. */
export async function releaseBackgroundJobs(): Promise<void> {
  await leases?.release();
}
