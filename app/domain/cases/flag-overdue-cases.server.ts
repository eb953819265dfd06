import type { PrismaClient } from "@prisma/client";
import { translate } from "~/utils/i18n";
import { caseLink } from "./case-notify.server";
import { enqueueNotificationMail } from "~/domain/mail/enqueue-notification-mail.server";
import { OPEN_CASE_STATUSES } from "./open-statuses";

/**
 * Tells the assignee (or, for an unassigned case, every officer) once per clock that a case's
 * triage or decision deadline has passed. The notification itself records that it was sent.
 */
export async function flagOverdueCases({ db, now = new Date() }: { db: PrismaClient; now?: Date }): Promise<number> {
  const cases = await db.infringementCase.findMany({
    where: {
      status: { in: [...OPEN_CASE_STATUSES] },
      OR: [{ status: { in: ["reported", "triage"] }, triageDueAt: { lte: now } }, { decisionDueAt: { lte: now } }],
    },
    select: { id: true, number: true, status: true, triageDueAt: true, decisionDueAt: true, assigneeId: true },
  });
  if (!cases.length) return 0;
  const officers = await db.user.findMany({
    where: { disabledAt: null, roles: { some: { permissions: { some: { key: "case:handle" } } } } },
    select: { id: true },
  });
  let sent = 0;
  for (const c of cases) {
    const clock = ["reported", "triage"].includes(c.status) && c.triageDueAt <= now ? "triage" : "decision";
    const due = clock === "triage" ? c.triageDueAt : c.decisionDueAt;
    const kind = `case.overdue.${clock}`;
    const link = caseLink(c.number).replace("/cases/", "/officer/cases/");
    const recipients = c.assigneeId ? [c.assigneeId] : officers.map((o) => o.id);
    for (const userId of recipients) {
      // Once per clock and deadline: a reopened case's new deadline is flagged again.
      const already = await db.notification.count({ where: { userId, kind, link, createdAt: { gte: due } } });
      if (already) continue;
      const params = { number: c.number, clock: translate("zh-CN", `cases.sla.${clock}`) };
      const paramsEn = { number: c.number, clock: translate("en", `cases.sla.${clock}`) };
      await db.$transaction(async (tx) => {
        await tx.notification.create({
          data: {
            userId,
            kind,
            link,
            createdAt: now,
            subject: `${translate("zh-CN", "cases.notify.overdue.subject", params)} / ${translate("en", "cases.notify.overdue.subject", paramsEn)}`,
            body: `${translate("zh-CN", "cases.notify.overdue.body", params)} / ${translate("en", "cases.notify.overdue.body", paramsEn)}`,
          },
        });
        // And by mail in the officer's language, sent once this commits.
        await enqueueNotificationMail(tx, [userId], {
          kind,
          keyPrefix: "cases.notify.overdue",
          params: (locale) => ({ number: c.number, clock: translate(locale, `cases.sla.${clock}`) }),
          link,
        });
      });
      sent++;
    }
  }
  return sent;
}
