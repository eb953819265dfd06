import type { Job } from "../background-jobs.server";

/** Scheduled work of the certificates area (none yet). */
export const jobs: Job[] = [];
