import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { logIn } from "~/domain/accounts/log-in.server";
import { LIMITS } from "~/utils/rate-limit.server";
import { signUp } from "~/domain/accounts/sign-up.server";
import { createOrganization } from "~/domain/accounts/create-organization.server";
import { inviteMember, acceptInvitation } from "~/domain/accounts/invite-member.server";
import { updateProfile, isCompanyProfileComplete } from "~/domain/accounts/update-profile.server";
import { organizationSchema } from "~/domain/accounts/schemas";
import { verifyAuditLog } from "~/domain/audit/verify-audit-log.server";
import { DomainError } from "~/domain/errors";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.cleanup());

describe("sign-up and log-in", () => {
  it("stores an argon2id hash, never the password, and refuses a duplicate email", async () => {
    const u = await signUp({ db: t.db, name: "Chen", email: "chen@example.cn", password: "a-long-password", role: "artisan", locale: "zh-CN" });
    expect(u.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(u.passwordHash).not.toContain("a-long-password");
    await expect(signUp({ db: t.db, name: "X", email: "chen@example.cn", password: "another-password", role: "licensee", locale: "en" })).rejects.toMatchObject(
      { code: "CONFLICT" },
    );
    const roles = await t.db.role.findMany({ where: { users: { some: { id: u.id } } } });
    expect(roles.map((r) => r.name)).toEqual(["artisan"]);
  });

  it("locks the account after repeated failures and counts failures per IP too", async () => {
    const u = await createTestUser(t.db, "licensee");
    for (let i = 0; i < LIMITS.loginPerAccount.points; i++) {
      await expect(logIn({ db: t.db, email: u.email, password: "wrong", ip: "10.0.0.1" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    await expect(logIn({ db: t.db, email: u.email, password: u.password, ip: "10.0.0.1" })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      messageKey: "auth.error.tooManyAttempts",
    });

    // Per IP: many accounts from one address.
    const ip = "10.0.0.99";
    for (let i = 0; i < LIMITS.loginPerAddress.points; i++) {
      await expect(logIn({ db: t.db, email: `nobody${i}@example.com`, password: "x", ip })).rejects.toBeInstanceOf(DomainError);
    }
    const fresh = await createTestUser(t.db, "artisan");
    await expect(logIn({ db: t.db, email: fresh.email, password: fresh.password, ip })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(logIn({ db: t.db, email: fresh.email, password: fresh.password, ip: "10.0.0.2" })).resolves.toMatchObject({ id: fresh.id });
  });

  it("refuses disabled accounts", async () => {
    const u = await createTestUser(t.db, "artisan");
    await t.db.user.update({ where: { id: u.id }, data: { disabledAt: new Date() } });
    await expect(logIn({ db: t.db, email: u.email, password: u.password, ip: "10.1.1.1" })).rejects.toMatchObject({ messageKey: "auth.error.disabled" });
  });
});

describe("studios", () => {
  it("validates the USCC check character (GB 32100-2015)", () => {
    expect(organizationSchema.safeParse({ kind: "studio", name: "青花坊", uscc: "91360200MA35QH0X39" }).success).toBe(true);
    const bad = organizationSchema.safeParse({ kind: "studio", name: "青花坊", uscc: "91360200MA35QH0X38" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toBe("auth.error.usccInvalid");
  });

  it("lets the owner invite a member by email; only the invited address can accept", async () => {
    const owner = await createTestUser(t.db, "artisan");
    const org = await createOrganization({ db: t.db, userId: owner.id, values: { kind: "studio", name: "青花坊", uscc: "91360200MA35QH0X39" } });
    const member = await createTestUser(t.db, "artisan");
    const stranger = await createTestUser(t.db, "artisan");
    await expect(inviteMember({ db: t.db, actorId: stranger.id, organizationId: org.id, email: member.email })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { token } = await inviteMember({ db: t.db, actorId: owner.id, organizationId: org.id, email: member.email });
    expect(await t.db.notification.count({ where: { userId: member.id, kind: "org.invitation" } })).toBe(1);
    await expect(acceptInvitation({ db: t.db, userId: stranger.id, email: stranger.email, token })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await acceptInvitation({ db: t.db, userId: member.id, email: member.email, token });
    await expect(acceptInvitation({ db: t.db, userId: member.id, email: member.email, token })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const members = await t.db.membership.findMany({ where: { organizationId: org.id } });
    expect(members.map((m) => m.role).sort()).toEqual(["member", "owner"]);
    await expect(
      createOrganization({ db: t.db, userId: member.id, values: { kind: "studio", name: "dup", uscc: "91360200MA35QH0X39" } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("profile", () => {
  it("saves the language and company details; completeness gates deals", async () => {
    const u = await createTestUser(t.db, "licensee");
    expect(isCompanyProfileComplete(u)).toBe(false);
    const saved = await updateProfile({
      db: t.db,
      userId: u.id,
      values: { name: "Tablefine", locale: "en", companyName: "Tablefine GmbH", country: "DE", address: "Selb" },
    });
    expect(saved.locale).toBe("en");
    expect(isCompanyProfileComplete(saved)).toBe(true);
  });

  it("left an intact audit chain behind all of the above", async () => {
    expect(await verifyAuditLog({ db: t.db })).toMatchObject({ ok: true });
  });
});
