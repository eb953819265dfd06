/**
 * The roles of a user and the permission check every use-case starts with. Roles are read from
 * the database on every call (never from the client or the session), and a disabled user has
 * none. The role → permission table itself is in ~/utils/permissions (the seed and the session
 * layer read it too); it is re-exported here so domain code has one import for access rules.
 */
import type { PrismaClient } from "@prisma/client";
import { assertEmailVerified } from "~/domain/accounts/assert-email-verified.server";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/utils/db.server";
import { hasPermission, type PermissionKey } from "~/utils/permissions";

export { hasPermission, isStaff, permissionsOf, type PermissionKey, type RoleName } from "~/utils/permissions";

export type DbOrTx = PrismaClient | Tx;

/** The roles of an enabled user; [] for nobody, an unknown id or a disabled account. */
export async function rolesOf(db: DbOrTx, userId: string | null | undefined): Promise<string[]> {
  if (!userId) return [];
  const u = await db.user.findUnique({ where: { id: userId }, select: { disabledAt: true, roles: { select: { name: true } } } });
  if (!u || u.disabledAt) return [];
  return u.roles.map((r) => r.name);
}

/** The user's roles when they grant the permission; FORBIDDEN otherwise. */
export async function assertPermission(db: DbOrTx, userId: string, permission: PermissionKey): Promise<string[]> {
  const roles = await rolesOf(db, userId);
  if (!hasPermission(roles, permission)) throw new DomainError("FORBIDDEN", "common.error.notAllowed", { permission });
  // Registering works (drafts, submissions, imports) needs a confirmed e-mail address.
  if (permission === "work:create") await assertEmailVerified(db, userId);
  return roles;
}

/** An officer for the purposes of seeing sealed details: anyone who examines works or handles cases. */
export function isOfficerRoles(roles: readonly string[]): boolean {
  return hasPermission(roles, "work:examine") || hasPermission(roles, "case:handle");
}
