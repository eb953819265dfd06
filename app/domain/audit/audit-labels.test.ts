import { describe, expect, it } from "vitest";
import { translate } from "~/utils/i18n";
import { auditActionKey, auditEntityKey, auditFields } from "./audit-labels";
import { AUDIT_ACTIONS, AUDIT_EVENTS } from "./audit-events";

describe("audit labels", () => {
  it("names recorded actions readably in both languages", () => {
    expect(translate("en", auditActionKey("work.registered")!)).toBe("Work registered");
    expect(translate("zh-CN", auditActionKey("deal.activated")!)).toBe("许可已授予");
    // case transitions use the case event's own label
    expect(auditActionKey("case.resolve")).toBe("cases.event.resolve");
    // an unknown action is shown by its stored name
    expect(auditActionKey("something.new")).toBeNull();
    expect(translate("zh-CN", auditEntityKey("deal")!)).toBe("交易");
  });
  it("every audit event has a readable name in both languages", () => {
    expect(AUDIT_ACTIONS.length).toBeGreaterThan(50);
    for (const action of AUDIT_ACTIONS) {
      const key = auditActionKey(action);
      expect(key, action).not.toBeNull();
      expect(translate("en", key!), action).not.toBe(key);
      expect(translate("zh-CN", key!), action).not.toBe(translate("en", key!));
    }
  });
  it("every entity type an event is about has a readable name", () => {
    for (const action of AUDIT_ACTIONS) expect(auditEntityKey(AUDIT_EVENTS[action].entityType), action).not.toBeNull();
  });
  it("the code records no action outside the definitions (no names built at run time)", async () => {
    const { execSync } = await import("node:child_process");
    const out = execSync(`grep -rhoE 'action: *[^,}]+' app/domain --include=*.server.ts --exclude=*.test.ts`, { encoding: "utf8" });
    const literals = [...new Set([...out.matchAll(/"([a-z_]+\.[a-z_.]+)"/g)].map((m) => m[1]!))];
    expect(literals.length).toBeGreaterThan(20);
    expect(literals.filter((a) => !AUDIT_ACTIONS.includes(a as never))).toEqual([]);
    expect(out).not.toMatch(/action: *`/);
  });
  it("shows the record's fields with readable keys", () => {
    expect(auditFields('{"registrationNumber":"JDZ-2026-000001-4","views":3}')).toEqual([
      { key: "registration number", value: "JDZ-2026-000001-4" },
      { key: "views", value: "3" },
    ]);
    expect(auditFields("not json")).toEqual([{ key: "", value: "not json" }]);
  });
});
