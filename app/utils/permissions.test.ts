import { describe, expect, it } from "vitest";
import { hasPermission, permissionsOf, ROLE_PERMISSIONS } from "./permissions";

describe("role permissions", () => {
  it("keeps the exchange center's powers away from artisans and licensees", () => {
    for (const p of ["work:examine", "deal:review", "payment:confirm", "case:handle", "audit:read", "user:manage"] as const) {
      expect(hasPermission(["artisan"], p)).toBe(false);
      expect(hasPermission(["licensee"], p)).toBe(false);
    }
    expect(hasPermission(["officer"], "user:manage")).toBe(false);
    expect(hasPermission(["admin"], "user:manage")).toBe(true);
  });
  it("unions roles and ignores unknown ones", () => {
    expect(permissionsOf(["artisan", "licensee", "nonsense"])).toEqual(new Set([...ROLE_PERMISSIONS.artisan, ...ROLE_PERMISSIONS.licensee]));
  });
});
