import type { Job } from "../background-jobs.server";
import { flagOverdueCases } from "~/domain/cases/flag-overdue-cases.server";
import { prisma } from "~/utils/db.server";

/** Scheduled work of the cases area: overdue triage/decision deadlines are flagged to the assignee. */
export const jobs: Job[] = [
  {
    name: "flag-overdue-cases",
    everyMs: 3600_000,
    runAtStart: true,
    run: async () => {
      const n = await flagOverdueCases({ db: prisma });
      if (n) console.log(`[cases] ${n} overdue notification(s)`);
    },
  },
];
