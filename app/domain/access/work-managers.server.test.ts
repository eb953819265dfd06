import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../../../tests/setup/test-db";
import { createRegisteredWork } from "../../../tests/setup/factories-licensing";
import { assertPermission, rolesOf } from "./roles.server";
import { isWorkManager, managedWorkIds, managesWork, workManagedBy, workManagerIds } from "./work-managers.server";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.cleanup();
});

describe("who manages a work", () => {
  it("the owner and the owning studio's members do; the creator, once out of the studio, does not", async () => {
    const owner = await createTestUser(t.db, "artisan");
    const member = await createTestUser(t.db, "artisan");
    const former = await createTestUser(t.db, "artisan");
    const stranger = await createTestUser(t.db, "artisan");
    const officer = await createTestUser(t.db, "officer");
    const studio = await t.db.organization.create({
      data: {
        name: "青花坊",
        kind: "studio",
        memberships: {
          create: [
            { userId: member.id, role: "owner" },
            { userId: former.id, role: "member" },
          ],
        },
      },
    });
    const own = await createRegisteredWork(t.db, { ownerUserId: owner.id });
    const studioWork = await t.db.work.update({
      where: { id: (await createRegisteredWork(t.db, { ownerOrgId: studio.id })).id },
      data: { createdById: former.id },
    });
    await t.db.membership.deleteMany({ where: { organizationId: studio.id, userId: former.id } });

    expect(await managesWork(t.db, owner.id, own.id)).toBe(true);
    expect(await managesWork(t.db, member.id, studioWork.id)).toBe(true);
    expect(await managesWork(t.db, former.id, studioWork.id)).toBe(false); // created it, left the studio
    expect(await managesWork(t.db, stranger.id, own.id)).toBe(false);
    expect(await managesWork(t.db, officer.id, own.id)).toBe(false); // officers see, they do not manage

    expect([...(await managedWorkIds(t.db, member.id, [own.id, studioWork.id]))]).toEqual([studioWork.id]);
    expect(await managedWorkIds(t.db, null, [own.id])).toEqual(new Set());
    expect((await workManagerIds(t.db, studioWork)).sort()).toEqual([member.id]);
    expect(await t.db.work.count({ where: { id: { in: [own.id, studioWork.id] }, ...workManagedBy(former.id) } })).toBe(0);

    const loaded = await t.db.work.findUniqueOrThrow({
      where: { id: studioWork.id },
      include: { ownerOrg: { select: { memberships: { select: { userId: true } } } } },
    });
    expect(isWorkManager(loaded, member.id)).toBe(true);
    expect(isWorkManager(loaded, former.id)).toBe(false);
    expect(isWorkManager(loaded, null)).toBe(false);
  });
});

describe("roles and permissions", () => {
  it("reads roles from the database; a disabled account has none and is refused", async () => {
    const officer = await createTestUser(t.db, "officer");
    expect(await rolesOf(t.db, officer.id)).toEqual(["officer"]);
    await expect(assertPermission(t.db, officer.id, "case:handle")).resolves.toEqual(["officer"]);
    await expect(assertPermission(t.db, officer.id, "user:manage")).rejects.toMatchObject({ code: "FORBIDDEN", messageKey: "common.error.notAllowed" });
    await t.db.user.update({ where: { id: officer.id }, data: { disabledAt: new Date() } });
    expect(await rolesOf(t.db, officer.id)).toEqual([]);
    await expect(assertPermission(t.db, officer.id, "case:handle")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await rolesOf(t.db, null)).toEqual([]);
  });

  it("registering works needs a confirmed e-mail address", async () => {
    const artisan = await createTestUser(t.db, "artisan", { emailVerified: false });
    await expect(assertPermission(t.db, artisan.id, "work:create")).rejects.toMatchObject({ code: "FORBIDDEN", messageKey: "account.error.emailUnverified" });
    await expect(assertPermission(t.db, artisan.id, "offer:create")).resolves.toEqual(["artisan"]);
  });
});
