import type { Job } from "../background-jobs.server";
import { dispatchMail } from "~/domain/mail/dispatch-mail.server";
import { prisma } from "~/utils/db.server";

/**
 * Mail to account holders: each event schedules its own dispatch right after it commits; this
 * sweep sends what that missed (a restart, an SMTP relay that was down) and forgets sent rows
 * after 30 days.
 */
export const jobs: Job[] = [
  {
    name: "dispatch-mail",
    everyMs: 60_000,
    runAtStart: true,
    run: async () => {
      const { sent, failed } = await dispatchMail({ db: prisma });
      if (sent || failed) console.log(`[mail] sweep: ${sent} sent, ${failed} failed`);
    },
  },
  {
    name: "prune-sent-mail",
    everyMs: 24 * 3600_000,
    run: async () => {
      await prisma.mailOutbox.deleteMany({ where: { sentAt: { lt: new Date(Date.now() - 30 * 86_400_000) } } });
    },
  },
];
