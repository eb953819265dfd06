import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../../../tests/setup/test-db";
import { verifyAuditLog } from "./verify-audit-log.server";
import { recordAuditEvent } from "./record-audit-event.server";
import { canonicalJson } from "~/domain/canonical-json";

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":2,"z":1}]},"b":1}');
  });
});

describe("audit chain (real SQLite)", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t.cleanup());

  it("links every event to the previous one and detects an edit, naming the first broken link", async () => {
    const u = await createTestUser(t.db, "artisan"); // sign-up writes an audit event
    await t.db.$transaction(async (tx) => {
      await recordAuditEvent(tx, { actorId: u.id, action: "user.profile_updated", entityId: "1", data: { fields: ["name"] } });
      await recordAuditEvent(tx, { actorId: u.id, action: "case.answered", entityId: "2", data: { number: "KM-C-1", license: { b: 1, a: 2 }, evidence: [] } });
    });
    const ok = await verifyAuditLog({ db: t.db });
    expect(ok).toMatchObject({ ok: true, count: 3 });

    const second = await t.db.auditEvent.findFirstOrThrow({ where: { action: "user.profile_updated", entityId: "1" } });
    await t.db.auditEvent.update({ where: { seq: second.seq }, data: { data: '{"fields":["email"]}' } });
    const broken = await verifyAuditLog({ db: t.db });
    expect(broken.ok).toBe(false);
    if (!broken.ok) {
      expect(broken.brokenAt).toBe(second.seq);
      expect(broken.reason).toMatch(/does not match its hash/);
    }
  });

  it("rolls the audit event back with the state change it records", async () => {
    const before = await t.db.auditEvent.count();
    await expect(
      t.db.$transaction(async (tx) => {
        await recordAuditEvent(tx, { actorId: null, action: "user.disabled", entityId: "x", data: {} });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await t.db.auditEvent.count()).toBe(before);
  });

  it("records only the events of audit-events.ts, with data of their shape, and the entity type they fix", async () => {
    await t.db.$transaction(async (tx) => {
      await recordAuditEvent(tx, { actorId: null, action: "deal.cancelled", entityId: "d9", data: { reference: "KM-D-2026-X" } });
    });
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { entityId: "d9" } })).toMatchObject({
      action: "deal.cancelled",
      entityType: "deal",
      data: '{"reference":"KM-D-2026-X"}',
    });
    const before = await t.db.auditEvent.count();
    await expect(
      t.db.$transaction(async (tx) => {
        // @ts-expect-error the data of deal.cancelled has a reference
        await recordAuditEvent(tx, { actorId: null, action: "deal.cancelled", entityId: "d9", data: { ref: 1 } });
      }),
    ).rejects.toThrow(/deal.cancelled: data does not match its schema: reference/);
    await expect(
      t.db.$transaction(async (tx) => {
        // @ts-expect-error not an audit action
        await recordAuditEvent(tx, { actorId: null, action: "deal.approved_by_magic", entityId: "d9", data: {} });
      }),
    ).rejects.toThrow();
    expect(await t.db.auditEvent.count()).toBe(before);
  });
});
