/** What the licensing pages show of offers, deals and their works (pure; browser-safe). */
import { redactWork } from "~/domain/access/sealed-work";
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

/** The front view to show for a work in lists (load with `include: { work: { include: FRONT_VIEW } }`). */
export const FRONT_VIEW = { views: { orderBy: [{ order: "asc" as const }], take: 1, select: { sha256: true, kind: true } } };

/**
 * Public face of a work on offer and deal pages (the sealed rule's "offerOrDeal" surface): a
 * sealed work shows only that it is registered, and its number — no title, no picture. `views` (optional) gives the picture of a public work.
 */
export function publicWork(w: {
  id: string;
  visibility: string;
  registrationNumber: string | null;
  titleZh: string;
  titleEn: string;
  category: string;
  techniques: string;
  ownerName: string;
  views?: { sha256: string; kind: string }[];
}) {
  const front = w.views?.find((v) => v.kind === "front") ?? w.views?.[0] ?? null;
  const face = redactWork({ ...w, imageSha256: front?.sha256 ?? null }, "offerOrDeal");
  if (!face.title)
    return {
      sealed: true as const,
      registrationNumber: face.registrationNumber,
      titleZh: null,
      titleEn: null,
      category: null,
      techniques: [] as string[],
      ownerName: null,
      imageSha256: null,
    };
  return {
    sealed: false as const,
    registrationNumber: face.registrationNumber,
    titleZh: face.title.zh,
    titleEn: face.title.en,
    category: face.category ?? w.category,
    techniques: face.techniques ?? [],
    ownerName: face.ownerName ?? w.ownerName,
    imageSha256: face.imageSha256,
  };
}
