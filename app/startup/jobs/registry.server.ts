import type { Job } from "../background-jobs.server";

/** Scheduled work of the registry area (none yet). */
export const jobs: Job[] = [];
