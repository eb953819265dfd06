import type { Job } from "../background-jobs.server";
import { expireDeals } from "~/domain/licensing/expire-deals.server";
import { prisma } from "~/utils/db.server";

/** Scheduled work of the licensing area: licences end on the day after their last day. */
export const jobs: Job[] = [
  {
    name: "expire-deals",
    everyMs: 3600_000,
    runAtStart: true,
    run: async () => {
      const n = await expireDeals({ db: prisma });
      if (n) console.log(`[licensing] ${n} licence(s) expired`);
    },
  },
];
