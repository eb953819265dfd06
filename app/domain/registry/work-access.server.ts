/**
 * Small loaders shared by the registry use-cases: a managed work, a work's owner, who hears
 * about it, and the clean-up of stored images. Who manages a work: ~/domain/access.
 */
import type { PrismaClient } from "@prisma/client";
import { workManagedBy } from "~/domain/access/work-managers.server";
import { DomainError } from "~/domain/errors";
import { enqueueNotificationMail } from "~/domain/mail/enqueue-notification-mail.server";
import { derivativeKey, originalKey, removeIngested, type IngestedImage } from "~/domain/imaging/ingest-image.server";
import type { Tx } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { translate, type Locale, type Params } from "~/utils/i18n";

export type DbOrTx = PrismaClient | Tx;

/** A managed work in an editable state, or NOT_FOUND (so others can't probe ids). */
export async function loadManagedWork(db: DbOrTx, userId: string, workId: string) {
  const work = await db.work.findFirst({ where: { id: workId, ...workManagedBy(userId) }, include: { views: { orderBy: { order: "asc" } } } });
  if (!work) throw new DomainError("NOT_FOUND", "works.error.notFound");
  return work;
}

/**
 * Owner of a new or edited work: the user ("self") or a studio they belong to. ownerName is
 * frozen from the user's or the studio's name now, as printed later on the certificate.
 */
export async function resolveOwner(db: DbOrTx, userId: string, owner: string) {
  if (owner === "self") {
    const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true } });
    return { ownerUserId: userId, ownerOrgId: null, ownerName: user.name };
  }
  const membership = await db.membership.findFirst({
    where: { organizationId: owner, userId },
    select: { organization: { select: { id: true, name: true } } },
  });
  if (!membership) throw new DomainError("FORBIDDEN", "works.error.notMember");
  return { ownerUserId: null, ownerOrgId: membership.organization.id, ownerName: membership.organization.name };
}

/** Users who hear about a work's outcome: the owner or the studio's members, and its creator. */
export async function workAudienceIds(db: DbOrTx, work: { ownerUserId: string | null; ownerOrgId: string | null; createdById: string }): Promise<string[]> {
  const ids = new Set<string>([work.createdById]);
  if (work.ownerUserId) ids.add(work.ownerUserId);
  if (work.ownerOrgId) {
    for (const m of await db.membership.findMany({ where: { organizationId: work.ownerOrgId }, select: { userId: true } })) ids.add(m.userId);
  }
  return [...ids];
}

/** In-app notices in both languages (the reader's language is not known when the row is written). */
export async function notifyWork(
  tx: Tx,
  work: { id: string; ownerUserId: string | null; ownerOrgId: string | null; createdById: string },
  n: { kind: "registered" | "rejected" | "changesRequested"; params: Params | ((locale: Locale) => Params) },
) {
  const p = (locale: Locale) => (typeof n.params === "function" ? n.params(locale) : n.params);
  const both = (key: string) => `${translate("zh-CN", key, p("zh-CN"))} / ${translate("en", key, p("en"))}`;
  const subject = both(`works.notify.${n.kind}.subject`);
  const body = both(`works.notify.${n.kind}.body`);
  const kind = { registered: "work.registered", rejected: "work.rejected", changesRequested: "work.changes_requested" }[n.kind];
  const recipients = await workAudienceIds(tx, work);
  for (const userId of recipients) {
    await tx.notification.create({ data: { userId, kind, subject, body, link: `/my/works/${work.id}` } });
  }
  // The decision by mail too, in each recipient's own language, sent after the commit.
  await enqueueNotificationMail(tx, recipients, { kind, keyPrefix: `works.notify.${n.kind}`, params: p, link: `/my/works/${work.id}` });
}

/** sha256 of a stored key: originals/ab/cd/<sha256> or derivatives/<sha256>-<size>.webp. */
function sha256OfKey(key: string): string | null {
  const base = key.split("/").pop() ?? "";
  const m = /^([0-9a-f]{64})/.exec(base);
  return m ? m[1] : null;
}

/** True while any committed row (a work view or case evidence) still uses the bytes. */
async function isStoredImageReferenced(key: string): Promise<boolean> {
  const sha256 = sha256OfKey(key);
  if (!sha256) return true; // unknown layout: never delete
  const [views, evidence] = await Promise.all([prisma.workView.count({ where: { sha256 } }), prisma.evidence.count({ where: { sha256 } })]);
  return views + evidence > 0;
}

/** Undo ingests whose transaction failed: delete the files they created that nothing uses. */
export async function discardIngested(dataDir: string, ingested: readonly Pick<IngestedImage, "created">[]) {
  for (const img of ingested) {
    await removeIngested(dataDir, img, { isReferenced: isStoredImageReferenced }).catch((e) => {
      console.error("[registry] could not remove an ingested file", e);
    });
  }
}

/** After views were deleted: remove their files unless another view or evidence uses them. */
export async function discardUnreferencedImages(dataDir: string, sha256s: readonly string[]) {
  for (const sha of new Set(sha256s)) {
    await discardIngested(dataDir, [{ created: [originalKey(sha), derivativeKey(sha, 320), derivativeKey(sha, 1280)] }]);
  }
}
