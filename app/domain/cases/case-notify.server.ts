/**
 * Telling the people in a case that something happened: in-app notifications (written in the
 * caller's transaction, in both languages) and, for an anonymous reporter who has no inbox, a
 * mail with the follow link — returned to be sent after the commit.
 * Keys: cases.notify.<kind>.subject / .body.
 */
import { workManagerIds } from "~/domain/access/work-managers.server";
import type { Tx } from "~/utils/db.server";
import { translate, type Params } from "~/utils/i18n";
import type { MailMessage } from "~/utils/mailer.server";
import { enqueueNotificationMail } from "~/domain/mail/enqueue-notification-mail.server";

export type CaseAudience = "owners" | "reporter" | "respondent" | "assignee";

export function caseLink(number: string) {
  return `/cases/${number}`;
}

export async function notifyCase(
  tx: Tx,
  kase: { id: string; number: string; reporterId: string | null; reporterEmail: string; accusedId: string | null; assigneeId: string | null },
  n: { kind: string; params?: Params; audience: readonly CaseAudience[]; exceptUserId?: string | null },
): Promise<MailMessage[]> {
  const params = { number: kase.number, ...(n.params ?? {}) };
  const both = (key: string) => `${translate("zh-CN", key, params)} / ${translate("en", key, params)}`;
  const subject = both(`cases.notify.${n.kind}.subject`);
  const body = both(`cases.notify.${n.kind}.body`);
  const ids = new Set<string>();
  if (n.audience.includes("owners")) {
    const works = await tx.work.findMany({ where: { cases: { some: { caseId: kase.id } } }, select: { ownerUserId: true, ownerOrgId: true } });
    for (const w of works) for (const id of await workManagerIds(tx, w)) ids.add(id);
  }
  if (n.audience.includes("reporter") && kase.reporterId) ids.add(kase.reporterId);
  if (n.audience.includes("respondent") && kase.accusedId) ids.add(kase.accusedId);
  if (n.audience.includes("assignee") && kase.assigneeId) ids.add(kase.assigneeId);
  if (n.exceptUserId) ids.delete(n.exceptUserId);
  for (const userId of ids) {
    await tx.notification.create({ data: { userId, kind: `case.${n.kind}`, subject, body, link: caseLink(kase.number) } });
  }
  // Account holders also get it by mail, in their own language, after the commit.
  await enqueueNotificationMail(tx, ids, { kind: `case.${n.kind}`, keyPrefix: `cases.notify.${n.kind}`, params, link: caseLink(kase.number) });
  const mails: MailMessage[] = [];
  if (n.audience.includes("reporter") && !kase.reporterId && kase.reporterEmail) {
    // The follow link's secret is not stored, so the mail points to the case and reminds them to use their link.
    await tx.notification.create({ data: { email: kase.reporterEmail, kind: `case.${n.kind}`, subject, body, link: caseLink(kase.number) } });
    mails.push({ to: kase.reporterEmail, kind: `case.${n.kind}`, subject, text: `${body}\n\n${both("cases.notify.useFollowLink")}` });
  }
  return mails;
}
