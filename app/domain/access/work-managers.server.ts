/**
 * Who manages a work: its owner (a user), or every member of its owning studio. Managers see a
 * sealed work's details, publish offers on it, hear about its deals and cases, and act as the
 * rights holder in cases.
 *
 * The user who created the work (createdById) does NOT count: a studio member who registered a
 * work for the studio and later left it must lose access with the membership. The creator is
 * only told the examination outcome of what they submitted (see workAudienceIds in registry).
 * Decision: docs/decisions/009-access-policy.md.
 */
import type { Prisma, Work } from "@prisma/client";
import type { DbOrTx } from "./roles.server";

/** Prisma filter: works the user manages. */
export function workManagedBy(userId: string): Prisma.WorkWhereInput {
  return { OR: [{ ownerUserId: userId }, { ownerOrg: { memberships: { some: { userId } } } }] };
}

/** The same rule on a loaded row (with the owning studio's memberships). */
export function isWorkManager(
  work: { ownerUserId: string | null; ownerOrg?: { memberships: { userId: string }[] } | null },
  userId: string | null | undefined,
): boolean {
  if (!userId) return false;
  return work.ownerUserId === userId || !!work.ownerOrg?.memberships.some((m) => m.userId === userId);
}

export async function managesWork(db: DbOrTx, userId: string, workId: string): Promise<boolean> {
  return (await db.work.count({ where: { id: workId, ...workManagedBy(userId) } })) > 0;
}

/** Of these works, the ids the user manages (empty for nobody). */
export async function managedWorkIds(db: DbOrTx, userId: string | null | undefined, workIds: readonly string[]): Promise<Set<string>> {
  if (!userId || workIds.length === 0) return new Set();
  const rows = await db.work.findMany({ where: { id: { in: [...new Set(workIds)] }, ...workManagedBy(userId) }, select: { id: true } });
  return new Set(rows.map((w) => w.id));
}

/** The users who manage a work: its owner, or every member of the owning studio. */
export async function workManagerIds(db: DbOrTx, work: Pick<Work, "ownerUserId" | "ownerOrgId">): Promise<string[]> {
  const ids = new Set<string>();
  if (work.ownerUserId) ids.add(work.ownerUserId);
  if (work.ownerOrgId) {
    for (const m of await db.membership.findMany({ where: { organizationId: work.ownerOrgId }, select: { userId: true } })) ids.add(m.userId);
  }
  return [...ids];
}
