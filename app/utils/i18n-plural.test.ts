import { describe, expect, it } from "vitest";
import { translate } from "./i18n";

describe("plural-aware messages", () => {
  it("picks the English singular for one and the plain key otherwise", () => {
    expect(translate("en", "catalog.count", { count: 1 })).toBe("1 registered work");
    expect(translate("en", "catalog.count", { count: 2 })).toBe("2 registered works");
    expect(translate("en", "catalog.count", { count: 0 })).toBe("0 registered works");
  });
  it("leaves Chinese unaffected", () => {
    expect(translate("zh-CN", "catalog.count", { count: 1 })).toBe("共 1 件已登记作品");
    expect(translate("zh-CN", "catalog.count", { count: 7 })).toBe("共 7 件已登记作品");
  });
  it("ignores a count given as text (no plural lookup) and keys without variants", () => {
    expect(translate("en", "catalog.count", { count: "1" })).toBe("1 registered works");
    expect(translate("en", "auth.error.tooManyAttempts", { minutes: 3, count: 1 })).toContain("3 minute(s)");
  });
});
