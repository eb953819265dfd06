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
      await recordAuditEvent(tx, { actorId: u.id, action: "test.one", entityType: "test", entityId: "1", data: { n: 1 } });
      await recordAuditEvent(tx, { actorId: u.id, action: "test.two", entityType: "test", entityId: "2", data: { n: 2, nested: { b: 1, a: 2 } } });
    });
    const ok = await verifyAuditLog({ db: t.db });
    expect(ok).toMatchObject({ ok: true, count: 3 });

    const second = await t.db.auditEvent.findFirstOrThrow({ where: { action: "test.one" } });
    await t.db.auditEvent.update({ where: { seq: second.seq }, data: { data: '{"n":999}' } });
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
        await recordAuditEvent(tx, { actorId: null, action: "test.rollback", entityType: "test", entityId: "x" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await t.db.auditEvent.count()).toBe(before);
  });
});
