/**
 * Small helpers shared by the licensing use-cases: the payee, terms ↔ columns, notices. Who
 * manages a work and the permission check: ~/domain/access.
 */
import type { Deal, LicenseOffer, PrismaClient, Work } from "@prisma/client";
import { enqueueNotificationMail } from "~/domain/mail/enqueue-notification-mail.server";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/utils/db.server";
import { translate, type Params } from "~/utils/i18n";
import { isoDay } from "./iso-day";
import type { LicenseTerms } from "./terms";
import { enumList, enumValue } from "~/domain/enum-column";
import { isExclusivity, isFieldOfUse, isProductionRequirement, sortFields } from "./vocabulary";

export type DbOrTx = PrismaClient | Tx;

/**
 * The user whose Stripe connected account receives the payout: the owner, or for a studio the
 * studio's owner member.
 */
export async function payeeUser(db: DbOrTx, work: Pick<Work, "ownerUserId" | "ownerOrgId">) {
  if (work.ownerUserId) return db.user.findUnique({ where: { id: work.ownerUserId } });
  if (work.ownerOrgId) {
    const m = await db.membership.findFirst({
      where: { organizationId: work.ownerOrgId, role: "owner" },
      orderBy: { createdAt: "asc" },
      include: { user: true },
    });
    return m?.user ?? null;
  }
  return null;
}

/** A reviewer's reason for refusing, sending back or ending a deal: required, trimmed, at most 2,000 characters. */
export function reviewerReason(reason: string): string {
  const text = reason.trim().slice(0, 2000);
  if (!text) throw new DomainError("BAD_INPUT", "licensing.form.reasonRequired");
  return text;
}

/** The columns an offer or deal keeps its terms in. */
export type TermsRow = Pick<
  LicenseOffer | Deal,
  | "exclusivity"
  | "fields"
  | "territories"
  | "productionRequirement"
  | "termStart"
  | "termEnd"
  | "upfrontFeeFen"
  | "royaltyBps"
  | "minimumGuaranteeFen"
  | "sublicensing"
  | "attribution"
  | "modifications"
>;

/** An offer or deal row as machine-readable terms. */
export function termsOfRow(row: TermsRow): LicenseTerms {
  return {
    exclusivity: enumValue(isExclusivity, row.exclusivity, "exclusivity"),
    fields: enumList(isFieldOfUse, row.fields, "field of use"),
    territories: JSON.parse(row.territories) as string[],
    productionRequirement: enumValue(isProductionRequirement, row.productionRequirement, "production requirement"),
    termStart: isoDay(new Date(row.termStart).getTime()),
    termEnd: isoDay(new Date(row.termEnd).getTime()),
    upfrontFeeFen: row.upfrontFeeFen,
    royaltyBps: row.royaltyBps,
    minimumGuaranteeFen: row.minimumGuaranteeFen,
    sublicensing: row.sublicensing,
    attribution: row.attribution,
    modifications: row.modifications,
  };
}

/** Terms → the columns offers and deals share. */
export function rowOfTerms(t: LicenseTerms) {
  return {
    exclusivity: t.exclusivity,
    fields: JSON.stringify(sortFields(t.fields)),
    territories: JSON.stringify([...new Set(t.territories)].sort()),
    productionRequirement: t.productionRequirement,
    termStart: new Date(`${t.termStart}T00:00:00.000Z`),
    termEnd: new Date(`${t.termEnd}T00:00:00.000Z`),
    upfrontFeeFen: t.upfrontFeeFen,
    royaltyBps: t.royaltyBps,
    minimumGuaranteeFen: t.minimumGuaranteeFen,
    sublicensing: t.sublicensing,
    attribution: t.attribution,
    modifications: t.modifications,
  };
}

/**
 * In-app notices (the inbox) in both languages, since the recipient's language at reading time
 * is not known when the row is written. Keys: licensing.notify.<kind>.subject / .body.
 */
export async function notifyUsers(tx: Tx, userIds: readonly (string | null | undefined)[], n: { kind: string; params: Params; link: string }) {
  const both = (key: string) => `${translate("zh-CN", key, n.params)} / ${translate("en", key, n.params)}`;
  const subject = both(`licensing.notify.${n.kind}.subject`);
  const body = both(`licensing.notify.${n.kind}.body`);
  const recipients = new Set(userIds.filter((u): u is string => !!u));
  for (const userId of recipients) {
    await tx.notification.create({ data: { userId, kind: `deal.${n.kind}`, subject, body, link: n.link } });
  }
  // The same event by mail, in each recipient's own language, sent after the commit.
  await enqueueNotificationMail(tx, recipients, { kind: `deal.${n.kind}`, keyPrefix: `licensing.notify.${n.kind}`, params: n.params, link: n.link });
}

export function dealLink(reference: string) {
  return `/deals/${reference}`;
}
