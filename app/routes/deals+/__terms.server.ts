/** Loader helpers shared by the licensing pages. */
import { summarizeTerms, type LicenseTerms } from "~/domain/licensing/terms";
import { isRegionCode } from "~/domain/licensing/territories";
import { DAY_MS, isoDay, parseIsoDay } from "~/domain/licensing/iso-day";

export function summaries(terms: LicenseTerms) {
  return { zh: summarizeTerms(terms, "zh-CN"), en: summarizeTerms(terms, "en") };
}

/** Terms → the defaults of ScopeInputs. */
export function scopeDefaults(terms: LicenseTerms) {
  return {
    exclusivity: terms.exclusivity,
    fields: terms.fields,
    regions: terms.territories.filter(isRegionCode),
    countries: terms.territories.filter((c) => !isRegionCode(c)).join(", "),
    termStart: terms.termStart,
    termLastDay: isoDay(parseIsoDay(terms.termEnd)! - DAY_MS),
    productionRequirement: terms.productionRequirement,
  };
}

/** Public face of a work: a sealed work shows only that it is registered, and its number. */
export function publicWork(w: { id: string; visibility: string; registrationNumber: string | null; titleZh: string; titleEn: string; category: string; techniques: string; ownerName: string }) {
  if (w.visibility === "sealed") return { sealed: true as const, registrationNumber: w.registrationNumber, titleZh: null, titleEn: null, category: null, techniques: [] as string[], ownerName: null };
  return { sealed: false as const, registrationNumber: w.registrationNumber, titleZh: w.titleZh, titleEn: w.titleEn, category: w.category, techniques: JSON.parse(w.techniques) as string[], ownerName: w.ownerName };
}
