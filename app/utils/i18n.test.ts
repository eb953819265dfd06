import { describe, expect, it } from "vitest";
import { formatFen, localeFromAcceptLanguage, namespaces, translate } from "./i18n";

describe("translations", () => {
  for (const [ns, tables] of Object.entries(namespaces)) {
    it(`${ns}: every key exists in both zh-CN and en, non-empty, same placeholders`, () => {
      const en = Object.keys(tables.en).sort();
      const zh = Object.keys(tables["zh-CN"]).sort();
      expect(zh).toEqual(en);
      for (const k of en) {
        expect(tables.en[k].trim(), `en ${ns}.${k}`).not.toBe("");
        expect(tables["zh-CN"][k].trim(), `zh ${ns}.${k}`).not.toBe("");
        const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        expect(ph(tables["zh-CN"][k]), `placeholders of ${ns}.${k}`).toEqual(ph(tables.en[k]));
      }
    });
  }

  it("interpolates and falls back to English, then to the key", () => {
    expect(translate("en", "auth.error.tooManyAttempts", { minutes: 3 })).toBe("Too many failed attempts. Try again in 3 minute(s).");
    expect(translate("zh-CN", "auth.error.tooManyAttempts", { minutes: 3 })).toBe("失败次数过多，请 3 分钟后再试。");
    expect(translate("en", "no.such.key")).toBe("no.such.key");
  });
});

describe("locale negotiation", () => {
  it("honours q-values and maps zh-* to zh-CN", () => {
    expect(localeFromAcceptLanguage("en-US,en;q=0.9,zh-CN;q=0.8")).toBe("en");
    expect(localeFromAcceptLanguage("fr-FR,zh-TW;q=0.9,en;q=0.5")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("de, en;q=0.1")).toBe("en");
    expect(localeFromAcceptLanguage("de")).toBe("zh-CN");
    expect(localeFromAcceptLanguage(null)).toBe("zh-CN");
  });
});

describe("money", () => {
  it("formats integer fen as ¥ with thousands separators, exactly", () => {
    expect(formatFen(123450, "en")).toBe("¥1,234.50");
    expect(formatFen(5, "zh-CN")).toBe("¥0.05");
    expect(formatFen(-100, "en")).toBe("-¥1.00");
    expect(formatFen(900719925474099, "en")).toBe("¥9,007,199,254,740.99");
  });
});
