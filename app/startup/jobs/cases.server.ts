import type { Job } from "../background-jobs.server";

/** Scheduled work of the cases area (none yet). */
export const jobs: Job[] = [];
