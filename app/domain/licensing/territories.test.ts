import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  COUNTRY_CODES,
  REGION_CODES,
  countryName,
  countryOptions,
  expandTerritories,
  isNarrowerOrEqual,
  isTerritoryCode,
  regionCountries,
  territoriesOutside,
} from "./territories";
import { hasKey, translate } from "~/utils/i18n";
import { FIELDS_OF_USE, EXCLUSIVITIES, PRODUCTION_REQUIREMENTS, fieldLabelKey, exclusivityLabelKey, productionLabelKey, sortFields } from "./vocabulary";

describe("countries", () => {
  it("has the 249 assigned ISO 3166-1 alpha-2 codes, unique and well-formed", () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    for (const c of COUNTRY_CODES) expect(c).toMatch(/^[A-Z]{2}$/);
    // user-assigned and reserved codes are not countries
    for (const c of ["EU", "UK", "XK", "ZZ", "AN"]) expect(COUNTRY_CODES).not.toContain(c);
  });

  it("has an English and a Chinese name for every code (ICU knows them all)", () => {
    for (const c of COUNTRY_CODES) {
      const en = countryName(c, "en");
      const zh = countryName(c, "zh-CN");
      expect(en, c).not.toBe(c);
      expect(zh, c).not.toBe(c);
      expect(zh, c).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(countryName("FR", "zh-CN")).toBe("法国");
    expect(countryName("JP", "en")).toBe("Japan");
    expect(countryName("TW", "zh-CN")).toBe("中国台湾");
  });

  it("sorts picker options by name in the viewer's language", () => {
    const en = countryOptions("en");
    expect(en).toHaveLength(249);
    expect(en[0].name.localeCompare(en[1].name, "en")).toBeLessThanOrEqual(0);
  });
});

describe("regions", () => {
  it("are made of valid countries and have the documented sizes", () => {
    for (const r of REGION_CODES) for (const c of regionCountries(r)) expect(COUNTRY_CODES).toContain(c);
    expect(regionCountries("mainland_china")).toEqual(["CN"]);
    expect(regionCountries("hk_mo_tw")).toEqual(["HK", "MO", "TW"]);
    expect(regionCountries("eu")).toHaveLength(27);
    expect(regionCountries("eu")).not.toContain("GB");
    expect(regionCountries("asean")).toHaveLength(11);
    expect(regionCountries("north_america")).toEqual(["CA", "MX", "US"]);
    expect(regionCountries("belt_and_road")).toHaveLength(64);
    expect(regionCountries("belt_and_road")).not.toContain("CN");
    expect(regionCountries("worldwide")).toEqual([...COUNTRY_CODES].sort());
  });

  it("have labels in both languages", () => {
    for (const r of REGION_CODES) {
      expect(hasKey(`licensing.region.${r}`), r).toBe(true);
      expect(translate("zh-CN", `licensing.region.${r}`)).not.toBe(translate("en", `licensing.region.${r}`));
    }
  });
});

describe("expandTerritories", () => {
  it("returns the sorted unique union and rejects unknown codes", () => {
    expect(expandTerritories(["hk_mo_tw", "CN", "HK"])).toEqual(["CN", "HK", "MO", "TW"]);
    expect(expandTerritories([])).toEqual([]);
    expect(() => expandTerritories(["europe"])).toThrow(/Unknown territory/);
    expect(() => expandTerritories(["fr"])).toThrow(/Unknown territory/);
    expect(isTerritoryCode("eu")).toBe(true);
    expect(isTerritoryCode("EU")).toBe(false);
  });

  const code = fc.constantFrom(...COUNTRY_CODES, ...REGION_CODES);
  it("is order-insensitive and idempotent", () => {
    fc.assert(
      fc.property(fc.array(code, { maxLength: 8 }), (codes) => {
        const e = expandTerritories(codes);
        expect(expandTerritories([...codes].reverse())).toEqual(e);
        expect(expandTerritories(e)).toEqual(e);
        expect([...e].sort()).toEqual(e);
        expect(new Set(e).size).toBe(e.length);
      }),
    );
  });

  it("isNarrowerOrEqual is the subset relation on expanded sets", () => {
    expect(isNarrowerOrEqual(["FR", "DE"], ["eu"])).toBe(true);
    expect(isNarrowerOrEqual(["eu"], ["FR", "DE"])).toBe(false);
    expect(isNarrowerOrEqual(["eu", "GB"], ["eu"])).toBe(false);
    expect(territoriesOutside(["eu", "GB", "US"], ["eu"])).toEqual(["GB", "US"]);
    expect(isNarrowerOrEqual(["belt_and_road", "CN"], ["worldwide"])).toBe(true);
    fc.assert(
      fc.property(fc.array(code, { maxLength: 6 }), fc.array(code, { maxLength: 6 }), (a, b) => {
        const ea = expandTerritories(a);
        const eb = new Set(expandTerritories(b));
        expect(isNarrowerOrEqual(a, b)).toBe(ea.every((c) => eb.has(c)));
        expect(isNarrowerOrEqual(a, [...a, ...b])).toBe(true);
      }),
    );
  });
});

describe("vocabulary", () => {
  it("has a zh and en label for every code", () => {
    const keys = [
      ...FIELDS_OF_USE.map(fieldLabelKey),
      ...EXCLUSIVITIES.map(exclusivityLabelKey),
      ...EXCLUSIVITIES.map((e) => `${exclusivityLabelKey(e)}.hint`),
      ...PRODUCTION_REQUIREMENTS.map(productionLabelKey),
    ];
    for (const k of keys) {
      expect(hasKey(k), k).toBe(true);
      expect(translate("zh-CN", k)).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(translate("zh-CN", exclusivityLabelKey("exclusive"))).toBe("独占许可");
    expect(translate("zh-CN", exclusivityLabelKey("sole"))).toBe("排他许可");
  });

  it("sorts fields in vocabulary order without duplicates", () => {
    expect(sortFields(["digital", "tableware", "digital"])).toEqual(["tableware", "digital"]);
  });
});

describe("licensing locale table", () => {
  it("has the same keys in en and zh-CN", async () => {
    const { messages } = await import("~/locales/licensing");
    expect(Object.keys(messages["zh-CN"]).sort()).toEqual(Object.keys(messages.en).sort());
  });
});
