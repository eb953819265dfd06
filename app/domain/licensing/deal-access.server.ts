/**
 * Who may see and act on what in licensing, as Prisma filters and small loaders shared by the
 * use-cases. A work is managed by its owner (a user) or by the members of its owning studio.
 */
import type { Deal, LicenseOffer, Prisma, PrismaClient, Work } from "@prisma/client";
import { DomainError } from "~/domain/errors";
import { enqueueNotificationMail } from "~/domain/mail/enqueue-notification-mail.server";
import type { Tx } from "~/utils/db.server";
import { hasPermission, type PermissionKey } from "~/utils/permissions";
import { translate, type Params } from "~/utils/i18n";
import { isoDay } from "./iso-day";
import type { LicenseTerms } from "./terms";
import { sortFields, type Exclusivity, type FieldOfUse, type ProductionRequirement } from "./vocabulary";

export type DbOrTx = PrismaClient | Tx;

export function worksManagedBy(userId: string): Prisma.WorkWhereInput {
  return { OR: [{ ownerUserId: userId }, { ownerOrg: { memberships: { some: { userId } } } }] };
}

export async function userRoles(db: DbOrTx, userId: string): Promise<string[]> {
  const u = await db.user.findUnique({ where: { id: userId }, select: { disabledAt: true, roles: { select: { name: true } } } });
  if (!u || u.disabledAt) return [];
  return u.roles.map((r) => r.name);
}

/** Throws FORBIDDEN unless the user's roles (read from the database) grant the permission. */
export async function assertPermission(db: DbOrTx, userId: string, permission: PermissionKey): Promise<string[]> {
  const roles = await userRoles(db, userId);
  if (!hasPermission(roles, permission)) throw new DomainError("FORBIDDEN", "licensing.error.forbidden", { permission });
  return roles;
}

export async function managesWork(db: DbOrTx, userId: string, workId: string): Promise<boolean> {
  return (await db.work.count({ where: { id: workId, ...worksManagedBy(userId) } })) > 0;
}

/** Users who hear about deals on a work: its owner, or every member of the owning studio. */
export async function workManagerIds(db: DbOrTx, work: Pick<Work, "ownerUserId" | "ownerOrgId">): Promise<string[]> {
  const ids = new Set<string>();
  if (work.ownerUserId) ids.add(work.ownerUserId);
  if (work.ownerOrgId) {
    for (const m of await db.membership.findMany({ where: { organizationId: work.ownerOrgId }, select: { userId: true } })) ids.add(m.userId);
  }
  return [...ids];
}

/**
 * The user whose Stripe connected account receives the payout: the owner, or for a studio the
 * studio's owner member.
 */
export async function payeeUser(db: DbOrTx, work: Pick<Work, "ownerUserId" | "ownerOrgId">) {
  if (work.ownerUserId) return db.user.findUnique({ where: { id: work.ownerUserId } });
  if (work.ownerOrgId) {
    const m = await db.membership.findFirst({ where: { organizationId: work.ownerOrgId, role: "owner" }, orderBy: { createdAt: "asc" }, include: { user: true } });
    return m?.user ?? null;
  }
  return null;
}

type TermsRow = Pick<
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
    exclusivity: row.exclusivity as Exclusivity,
    fields: JSON.parse(row.fields) as FieldOfUse[],
    territories: JSON.parse(row.territories) as string[],
    productionRequirement: row.productionRequirement as ProductionRequirement,
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
export async function notifyUsers(
  tx: Tx,
  userIds: readonly (string | null | undefined)[],
  n: { kind: string; params: Params; link: string }
) {
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
