import type { Job } from "../background-jobs.server";

/** Scheduled work of the licensing area (none yet). */
export const jobs: Job[] = [];
