import type { Job } from "../background-jobs.server";
import { pruneViewIndexChanges } from "~/domain/registry/view-index.server";

/** Scheduled work of the registry area. */
export const jobs: Job[] = [{ name: "prune-view-index-changes", everyMs: 3600_000, run: async () => void (await pruneViewIndexChanges()) }];
