/**
 * One notification as a mail in the recipient's language only: the same subject and body keys
 * the in-app notice uses (works./licensing./cases.notify.<kind>), a link to the page when the
 * public address is known, and a footer saying how to turn this kind of mail off.
 */
import { isLocale, translate, type Locale, type Params } from "~/utils/i18n";
import { mailKindOf } from "./mail-kinds";

type NotificationMailInput = {
  /** The recipient's User.locale; anything unknown falls back to zh-CN. */
  locale: string;
  /** Notification kind, e.g. "deal.approved". */
  kind: string;
  /** Translation key prefix, e.g. "licensing.notify.approved" (→ .subject / .body). */
  keyPrefix: string;
  params: Params | ((locale: Locale) => Params);
  /** Path inside the site, e.g. /deals/KM-L-2026-000001. */
  link: string;
  /** PUBLIC_URL without a trailing slash, when set. */
  publicUrl?: string;
};

export function renderNotificationMail(input: NotificationMailInput): { subject: string; text: string; locale: Locale } {
  const locale: Locale = isLocale(input.locale) ? input.locale : "zh-CN";
  const params = typeof input.params === "function" ? input.params(locale) : input.params;
  const t = (key: string, p: Params = {}) => translate(locale, key, p);
  const subject = t(`${input.keyPrefix}.subject`, params);
  const lines = [t("mail.greeting"), "", t(`${input.keyPrefix}.body`, params), ""];
  const base = input.publicUrl?.replace(/\/+$/, "");
  lines.push(base ? t("mail.openLink", { url: `${base}${input.link}` }) : t("mail.openPath", { path: input.link }));
  const kind = mailKindOf(input.kind);
  lines.push("", "--", t("mail.footer.sender"));
  if (kind) lines.push(t("mail.footer.optOut", { kind: t(`mail.kind.${kind}`), path: "/profile" }));
  return { subject: `[${t("mail.brand")}] ${subject}`, text: lines.join("\n") + "\n", locale };
}
