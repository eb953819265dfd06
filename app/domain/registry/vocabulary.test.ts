import { describe, expect, it } from "vitest";
import { messages } from "~/locales/works";
import { hasKey, translate } from "~/utils/i18n";
import {
  REJECTION_REASONS,
  VOCABULARIES,
  categoryKey,
  labelKey,
  rejectionTemplateKey,
  techniqueKey,
  techniqueSchema,
  viewKindSchema,
  workCategorySchema,
  type VocabularyKind,
} from "./vocabulary";

describe("vocabulary", () => {
  it("every value has an en and a zh-CN label", () => {
    for (const [kind, values] of Object.entries(VOCABULARIES)) {
      for (const v of values) {
        const key = labelKey(kind as VocabularyKind, v as never);
        expect(hasKey(key), key).toBe(true);
        expect(translate("en", key)).not.toBe(key);
        expect(translate("zh-CN", key)).not.toBe(translate("en", key));
      }
    }
    for (const r of REJECTION_REASONS) {
      const key = rejectionTemplateKey(r);
      expect(hasKey(key), key).toBe(true);
      expect(messages["zh-CN"][key.replace(/^works\./, "")], key).toBeTruthy();
    }
  });

  it("the works tables have identical keys in both languages", () => {
    expect(Object.keys(messages["zh-CN"]).sort()).toEqual(Object.keys(messages.en).sort());
  });

  it("labels the techniques in Chinese with their usual names", () => {
    expect(translate("zh-CN", techniqueKey("qinghua"))).toBe("青花");
    expect(translate("zh-CN", techniqueKey("underglaze_red"))).toBe("釉里红");
    expect(translate("en", categoryKey("designer_toy"))).toBe("Designer toy");
    expect(translate("zh-CN", "works.view.base_mark")).toBe("底款");
  });

  it("Zod enums accept the values and nothing else", () => {
    expect(workCategorySchema.parse("tea_ware")).toBe("tea_ware");
    expect(workCategorySchema.safeParse("teaware").success).toBe(false);
    expect(techniqueSchema.options).toHaveLength(10);
    expect(viewKindSchema.safeParse("base_mark").success).toBe(true);
    expect(viewKindSchema.safeParse("bottom").success).toBe(false);
  });

  it("rejection templates fill their parameters", () => {
    expect(translate("en", rejectionTemplateKey("duplicate_of_registered"), { registrationNumber: "JDZ-2026-000001-X" })).toContain("JDZ-2026-000001-X");
    expect(translate("zh-CN", rejectionTemplateKey("other"), { note: "资料缺失" })).toBe("本次登记申请未予受理：资料缺失");
  });
});
