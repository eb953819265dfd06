/**
 * Kinds of mail an account holder can turn off, and which in-app notification kinds they cover.
 * Security mail (password reset, address verification, one-time codes) is not listed here and
 * goes out through sendMail directly: it cannot be turned off.
 */
export const MAIL_KINDS = ["work", "deal", "payment", "case"] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export function isMailKind(v: unknown): v is MailKind {
  return typeof v === "string" && (MAIL_KINDS as readonly string[]).includes(v);
}

/**
 * The mail kind of a notification kind ("work.registered", "deal.approved", "case.triage", …),
 * or null when that notification is in-app only.
 */
export function mailKindOf(notificationKind: string): MailKind | null {
  const [area, event] = notificationKind.split(".", 2);
  if (!event) return null;
  if (area === "work") return ["registered", "rejected", "changes_requested"].includes(event) ? "work" : null;
  if (area === "deal") return event === "royaltyPaid" || event === "payoutMade" ? "payment" : "deal";
  if (area === "case") return "case";
  return null;
}

/** The stored opt-out list (User.mailOptOut, a JSON array); anything unreadable counts as none. */
export function parseMailOptOut(stored: string | null | undefined): MailKind[] {
  try {
    const v: unknown = JSON.parse(stored ?? "[]");
    return Array.isArray(v) ? MAIL_KINDS.filter((k) => v.includes(k)) : [];
  } catch {
    return [];
  }
}

export function serializeMailOptOut(kinds: readonly MailKind[]): string {
  return JSON.stringify(MAIL_KINDS.filter((k) => kinds.includes(k)));
}

export function wantsMail(stored: string | null | undefined, notificationKind: string): boolean {
  const kind = mailKindOf(notificationKind);
  return kind !== null && !parseMailOptOut(stored).includes(kind);
}
