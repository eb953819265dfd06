import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createHash } from "node:crypto";
import { DomainError } from "~/domain/errors";
import { hasKey } from "~/utils/i18n";
import {
  assertRequestWithinOffer,
  canonicalTerms,
  licenseTermsSchema,
  parseIsoDay,
  parseLicenseTerms,
  summarizeTerms,
  termsHash,
  validateRequestAgainstOffer,
  type LicenseTerms,
} from "./terms";
import { FIELDS_OF_USE } from "./vocabulary";

const offer: LicenseTerms = {
  exclusivity: "exclusive",
  fields: ["designer_toys", "tableware", "stationery"],
  territories: ["eu", "mainland_china", "JP"],
  productionRequirement: "jdz_mark",
  termStart: "2026-01-01",
  termEnd: "2029-01-01",
  upfrontFeeFen: 5_000_000,
  royaltyBps: 500,
  minimumGuaranteeFen: 1_000_000,
  sublicensing: false,
  attribution: true,
  modifications: false,
};

describe("licenseTermsSchema", () => {
  it("accepts valid terms", () => {
    expect(parseLicenseTerms(offer)).toEqual(offer);
  });

  it.each([
    ["termEnd before start", { termEnd: "2025-12-31" }, "licensing.error.termOrder"],
    ["termEnd equal to start", { termEnd: "2026-01-01" }, "licensing.error.termOrder"],
    ["impossible day", { termStart: "2026-02-30" }, "licensing.error.badDate"],
    ["datetime instead of day", { termStart: "2026-01-01T00:00:00Z" }, "licensing.error.badDate"],
    ["unknown territory", { territories: ["europe"] }, "licensing.error.badTerritory"],
    ["no territory", { territories: [] }, "licensing.error.noTerritories"],
    ["no field", { fields: [] }, "licensing.error.noFields"],
    ["guarantee without royalty", { royaltyBps: 0 }, "licensing.error.guaranteeWithoutRoyalty"],
  ])("refuses %s", (_name, patch, key) => {
    const r = licenseTermsSchema.safeParse({ ...offer, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toContain(key);
    expect(hasKey(key)).toBe(true);
  });

  it.each([
    { upfrontFeeFen: -1 },
    { upfrontFeeFen: 1.5 },
    { royaltyBps: 10_001 },
    { royaltyBps: -1 },
    { minimumGuaranteeFen: 2 ** 60 },
    { fields: ["ceramics"] },
    { exclusivity: "semi" },
    { extra: true },
  ])("refuses %o", (patch) => {
    expect(licenseTermsSchema.safeParse({ ...offer, ...patch }).success).toBe(false);
    expect(() => parseLicenseTerms({ ...offer, ...patch })).toThrow(DomainError);
  });

  it("parseIsoDay checks the calendar", () => {
    expect(parseIsoDay("2028-02-29")).toBe(Date.UTC(2028, 1, 29));
    expect(parseIsoDay("2027-02-29")).toBeNull();
    expect(parseIsoDay("2027-13-01")).toBeNull();
  });
});

describe("validateRequestAgainstOffer", () => {
  it("accepts the offer itself and a strictly narrower request", () => {
    expect(validateRequestAgainstOffer(offer, offer)).toEqual([]);
    const narrower: LicenseTerms = {
      ...offer,
      exclusivity: "sole",
      fields: ["tableware"],
      territories: ["FR", "DE", "CN"],
      termStart: "2026-06-01",
      termEnd: "2027-06-01",
      upfrontFeeFen: 6_000_000,
    };
    expect(validateRequestAgainstOffer(offer, narrower)).toEqual([]);
  });

  it("names every way a request is broader", () => {
    const broader: LicenseTerms = {
      ...offer,
      fields: ["tableware", "digital"],
      territories: ["eu", "GB", "US"],
      productionRequirement: "any",
      termStart: "2025-12-01",
      termEnd: "2029-01-02",
      upfrontFeeFen: 4_999_999,
      royaltyBps: 499,
      minimumGuaranteeFen: 999_999,
      sublicensing: true,
      attribution: false,
      modifications: true,
    };
    const problems = validateRequestAgainstOffer(offer, broader);
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        "fields",
        "territories",
        "productionRequirement",
        "termStart",
        "termEnd",
        "upfrontFeeFen",
        "royaltyBps",
        "minimumGuaranteeFen",
        "sublicensing",
        "attribution",
        "modifications",
      ].sort(),
    );
    expect(problems.find((p) => p.path === "territories")!.params).toEqual({ countries: "GB,US", count: 2 });
    expect(problems.find((p) => p.path === "fields")!.params).toEqual({ fields: "digital", count: 1 });
    for (const p of problems) expect(hasKey(p.messageKey), p.messageKey).toBe(true);
    expect(() => assertRequestWithinOffer(offer, broader)).toThrow(DomainError);
  });

  it("refuses more exclusivity than offered", () => {
    const nonEx = { ...offer, exclusivity: "non_exclusive" as const };
    expect(validateRequestAgainstOffer(nonEx, { ...offer, exclusivity: "sole" }).map((p) => p.path)).toEqual(["exclusivity"]);
    expect(validateRequestAgainstOffer(nonEx, { ...offer, exclusivity: "exclusive" }).map((p) => p.path)).toEqual(["exclusivity"]);
    expect(validateRequestAgainstOffer(offer, nonEx)).toEqual([]);
  });

  it("property: any subset of fields/countries inside the term is accepted", () => {
    const countries = ["FR", "DE", "IT", "CN", "JP", "ES"];
    fc.assert(
      fc.property(
        fc.subarray(offer.fields, { minLength: 1 }),
        fc.subarray(countries, { minLength: 1 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 96 }),
        (fields, terr, startOffset, len) => {
          const start = Date.UTC(2026, 0, 1) + startOffset * 86_400_000;
          const end = Math.min(start + len * 86_400_000, Date.UTC(2029, 0, 1));
          fc.pre(start < end);
          const req = {
            ...offer,
            fields,
            territories: terr,
            termStart: new Date(start).toISOString().slice(0, 10),
            termEnd: new Date(end).toISOString().slice(0, 10),
          };
          expect(validateRequestAgainstOffer(offer, parseLicenseTerms(req))).toEqual([]);
        },
      ),
    );
  });
});

describe("canonicalTerms / termsHash", () => {
  it("does not depend on key order or list order", () => {
    const shuffled = {
      modifications: false,
      attribution: true,
      sublicensing: false,
      minimumGuaranteeFen: 1_000_000,
      royaltyBps: 500,
      upfrontFeeFen: 5_000_000,
      termEnd: "2029-01-01",
      termStart: "2026-01-01",
      productionRequirement: "jdz_mark",
      territories: ["JP", "mainland_china", "eu", "JP"],
      fields: ["stationery", "designer_toys", "tableware"],
      exclusivity: "exclusive",
    } as LicenseTerms;
    expect(canonicalTerms(shuffled)).toBe(canonicalTerms(offer));
    expect(termsHash(shuffled)).toBe(termsHash(offer));
  });

  it("is SHA-256 of the canonical JSON, and changes with any term", () => {
    const json = canonicalTerms(offer);
    expect(JSON.parse(json)).toEqual({ ...offer, territories: ["JP", "eu", "mainland_china"] });
    expect(Object.keys(JSON.parse(json))).toEqual(Object.keys(offer).sort());
    expect(termsHash(offer)).toBe(createHash("sha256").update(json, "utf8").digest("hex"));
    expect(termsHash(offer)).toMatch(/^[0-9a-f]{64}$/);
    expect(termsHash({ ...offer, royaltyBps: 501 })).not.toBe(termsHash(offer));
    expect(termsHash({ ...offer, fields: [...FIELDS_OF_USE] })).not.toBe(termsHash(offer));
  });
});

describe("summarizeTerms", () => {
  it("says the terms in plain English", () => {
    const s = summarizeTerms(offer, "en");
    expect(s[0]).toBe("Exclusive licence: only the licensee may use the design in these fields and territories — not even the owner.");
    expect(s).toContain("It may be used on: Designer toys, Tableware, and Stationery.");
    expect(s.join(" ")).toContain("European Union (27 countries and regions)");
    expect(s.join(" ")).toContain("Japan");
    expect(s.join(" ")).toContain("Mainland China");
    expect(s).toContain("The licence runs from 1 January 2026 to 31 December 2028 inclusive.");
    expect(s).toContain("The licensee pays ¥50,000.00 up front.");
    expect(s).toContain("The licensee pays a royalty of 5% of net sales, and at least ¥10,000.00 a year (minimum guarantee).");
    expect(s.join(" ")).toContain("景德镇制");
    expect(s).toContain("The licensee may not grant sublicences.");
    expect(s.every((x) => !/\{\w+\}|licensing\./.test(x))).toBe(true);
  });

  it("says the terms in Chinese", () => {
    const s = summarizeTerms({ ...offer, exclusivity: "sole", royaltyBps: 250, minimumGuaranteeFen: 0 }, "zh-CN");
    expect(s[0]).toContain("排他许可");
    expect(s.join("")).toContain("潮玩");
    expect(s.join("")).toContain("欧盟（27个国家和地区）");
    expect(s.join("")).toContain("日本");
    expect(s).toContain("许可期限自2026年1月1日起至2028年12月31日止（含当日）。");
    expect(s).toContain("被许可人按净销售额的2.5%支付提成。");
    expect(s.every((x) => !/\{\w+\}|licensing\./.test(x))).toBe(true);
  });

  it("says worldwide when the territory covers every country", () => {
    const s = summarizeTerms({ ...offer, territories: ["worldwide"], upfrontFeeFen: 0, royaltyBps: 0, minimumGuaranteeFen: 0 }, "en");
    expect(s).toContain("Licensed goods may be sold anywhere in the world.");
    expect(s).toContain("There is no up-front fee.");
    expect(s).toContain("There is no royalty on sales.");
  });
});
