import { describe, expect, it } from "vitest";
import { translate } from "~/utils/i18n";
import { auditActionKey, auditEntityKey, auditFields } from "./audit-labels";

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
  it("every action the code records has a readable name", async () => {
    const { execSync } = await import("node:child_process");
    const out = execSync(`grep -rhoE 'action: *"[a-z_]+\\.[a-z_.]+"' app --include=*.ts --exclude=*.test.ts`, { encoding: "utf8" });
    const actions = [...new Set([...out.matchAll(/"([a-z_.]+)"/g)].map((m) => m[1]))];
    expect(actions.length).toBeGreaterThan(20);
    expect(actions.filter((a) => !auditActionKey(a))).toEqual([]);
  });
  it("shows the record's fields with readable keys", () => {
    expect(auditFields('{"registrationNumber":"JDZ-2026-000001-4","views":3}')).toEqual([
      { key: "registration number", value: "JDZ-2026-000001-4" },
      { key: "views", value: "3" },
    ]);
    expect(auditFields("not json")).toEqual([{ key: "", value: "not json" }]);
  });
});
