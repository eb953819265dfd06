import { describe, expect, it } from "vitest";
import { dealRequestFormSchema, offerFormSchema, requestTermsFromOffer } from "./forms";
import { summarizeTerms, type LicenseTerms } from "./terms";

const offerInput = {
  workId: "w1",
  exclusivity: "non_exclusive",
  fields: ["tableware"],
  regions: ["eu"],
  countries: "",
  productionRequirement: "any",
  termStart: "2026-01-01",
  termLastDay: "2027-12-31",
  upfrontFee: "1000",
  royaltyPercent: "0",
  minimumGuarantee: "0",
  notes: "",
};

describe("term inputs are the last licensed day", () => {
  it("an offer ending 2027-12-31 stores the exclusive end 2028-01-01 and reads back 2027-12-31", () => {
    const r = offerFormSchema.safeParse(offerInput);
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
    expect(r.data!.terms.termEnd).toBe("2028-01-01");
    const summary = summarizeTerms(r.data!.terms as LicenseTerms, "en").join(" ");
    expect(summary).toMatch(/2027/);
    expect(summary).not.toMatch(/2028/);
  });
  it("a one-day licence is a last day equal to the first", () => {
    const r = offerFormSchema.safeParse({ ...offerInput, termLastDay: "2026-01-01" });
    expect(r.success).toBe(true);
    expect(r.data!.terms.termEnd).toBe("2026-01-02");
  });
  it("a last day before the first is refused on the last-day field", () => {
    const r = offerFormSchema.safeParse({ ...offerInput, termLastDay: "2025-12-30" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toContain("termLastDay");
  });
  it("a licence request carries the last day through to the terms", () => {
    const form = dealRequestFormSchema.parse({
      exclusivity: "non_exclusive",
      fields: ["tableware"],
      regions: ["eu"],
      countries: "",
      termStart: "2026-02-01",
      termLastDay: "2027-12-31",
      message: "",
    });
    const offer = offerFormSchema.parse(offerInput).terms as LicenseTerms;
    expect(requestTermsFromOffer(offer, form).termEnd).toBe("2028-01-01");
  });
});
