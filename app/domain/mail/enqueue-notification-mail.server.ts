/**
 * The mail side of an in-app notification: called with the caller's transaction, it writes one
 * MailOutbox row per recipient who wants this kind of mail (verified address, account enabled,
 * kind not turned off), rendered in that recipient's language. Nothing is sent here: the rows
 * commit or roll back with the event, and dispatchMail sends them once they are committed.
 */
import type { Tx } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import type { Locale, Params } from "~/utils/i18n";
import { wantsMail } from "./mail-kinds";
import { renderNotificationMail } from "./render-notification-mail";
import { scheduleMailDispatch } from "./dispatch-mail.server";

export async function enqueueNotificationMail(
  tx: Tx,
  userIds: Iterable<string>,
  n: { kind: string; keyPrefix: string; params: Params | ((locale: Locale) => Params); link: string },
): Promise<number> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return 0;
  const users = await tx.user.findMany({
    where: { id: { in: ids }, disabledAt: null, emailVerifiedAt: { not: null } },
    select: { id: true, email: true, locale: true, mailOptOut: true },
  });
  const publicUrl = getEnv().PUBLIC_URL;
  let queued = 0;
  for (const u of users) {
    if (!wantsMail(u.mailOptOut, n.kind)) continue;
    const { subject, text } = renderNotificationMail({ locale: u.locale, kind: n.kind, keyPrefix: n.keyPrefix, params: n.params, link: n.link, publicUrl });
    await tx.mailOutbox.create({ data: { userId: u.id, to: u.email, kind: n.kind, subject, text } });
    queued++;
  }
  if (queued) await scheduleMailDispatch(tx);
  return queued;
}
