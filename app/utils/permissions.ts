/**
 * Roles and what they may do. The same table seeds the Role/Permission rows, so the database and
 * the server checks agree; checks read the user's roles from the database on every request.
 */
export const ROLES = ["admin", "officer", "artisan", "licensee"] as const;
export type RoleName = (typeof ROLES)[number];

function isRoleName(v: unknown): v is RoleName {
  return typeof v === "string" && (ROLES as readonly string[]).includes(v);
}

export const PERMISSIONS = {
  "work:create": "Register works (own or for a studio)",
  "offer:create": "Publish license offers for owned works",
  "org:create": "Create a studio and invite members",
  "deal:request": "Request license deals",
  "royalty:file": "File royalty reports",
  "work:examine": "Examine submitted works",
  "deal:review": "Review deals in the exchange center",
  "payment:confirm": "Confirm offline settlements",
  "case:handle": "Handle infringement cases",
  "audit:read": "Browse the audit log",
  "user:manage": "Create officers and admins, disable users",
  "anchor:run": "Make and anchor certificate batches",
} as const;
export type PermissionKey = keyof typeof PERMISSIONS;

const officer: PermissionKey[] = ["work:examine", "deal:review", "payment:confirm", "case:handle", "audit:read", "anchor:run"];

export const ROLE_PERMISSIONS: Record<RoleName, PermissionKey[]> = {
  artisan: ["work:create", "offer:create", "org:create"],
  licensee: ["deal:request", "royalty:file"],
  officer,
  admin: [...officer, "user:manage"],
};

export function permissionsOf(roles: readonly string[]): Set<PermissionKey> {
  const out = new Set<PermissionKey>();
  for (const r of roles) if (isRoleName(r)) for (const p of ROLE_PERMISSIONS[r]) out.add(p);
  return out;
}

export function hasPermission(roles: readonly string[], permission: PermissionKey): boolean {
  return permissionsOf(roles).has(permission);
}

export function isStaff(roles: readonly string[]): boolean {
  return roles.includes("officer") || roles.includes("admin");
}
