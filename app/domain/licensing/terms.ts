/**
 * License terms: one machine-readable shape for offers, deal requests and granted licences.
 * Dates are calendar days in UTC; the term is half-open [termStart, termEnd): termEnd is the
 * first day the licence no longer runs (shown to people as "until termEnd − 1 day").
 */
import { canonicalJson } from "~/domain/canonical-json";
import { sha256 } from "ethers/crypto";
import { toUtf8Bytes } from "ethers/utils";
import { z } from "zod";
import { DAY_MS, isoDay as formatIsoDay, parseIsoDay } from "./iso-day";
import { DomainError } from "~/domain/errors";
import { formatFen, translate, type Locale } from "~/utils/i18n";
import { EXCLUSIVITIES, FIELDS_OF_USE, PRODUCTION_REQUIREMENTS, exclusivityRank, fieldLabelKey, sortFields, type FieldOfUse } from "./vocabulary";
import { COUNTRY_CODES, countryName, expandTerritories, isCountryCode, isRegionCode, isTerritoryCode, regionLabelKey, territoriesOutside } from "./territories";

const MAX_FEN = Number.MAX_SAFE_INTEGER;

export { parseIsoDay };

const isoDay = z.string().refine((s) => parseIsoDay(s) !== null, { message: "licensing.error.badDate" });
const fen = z.number().int().min(0).max(MAX_FEN);

export const licenseTermsSchema = z
  .object({
    exclusivity: z.enum(EXCLUSIVITIES),
    fields: z.array(z.enum(FIELDS_OF_USE)).min(1, { message: "licensing.error.noFields" }),
    territories: z.array(z.string().refine(isTerritoryCode, { message: "licensing.error.badTerritory" })).min(1, { message: "licensing.error.noTerritories" }),
    productionRequirement: z.enum(PRODUCTION_REQUIREMENTS),
    termStart: isoDay,
    termEnd: isoDay,
    upfrontFeeFen: fen,
    royaltyBps: z.number().int().min(0).max(10_000),
    minimumGuaranteeFen: fen,
    sublicensing: z.boolean(),
    attribution: z.boolean(),
    modifications: z.boolean(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const s = parseIsoDay(t.termStart);
    const e = parseIsoDay(t.termEnd);
    if (s !== null && e !== null && !(s < e)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["termEnd"], message: "licensing.error.termOrder" });
    }
    // A minimum guarantee is a floor on royalties; without a royalty rate it has no meaning.
    if (t.minimumGuaranteeFen > 0 && t.royaltyBps === 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["minimumGuaranteeFen"],
        message: "licensing.error.guaranteeWithoutRoyalty",
      });
    }
  });

export type LicenseTerms = z.infer<typeof licenseTermsSchema>;

/** Parses terms or throws DomainError BAD_INPUT with the first issue's message key. */
export function parseLicenseTerms(input: unknown): LicenseTerms {
  const r = licenseTermsSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const key = issue.message.startsWith("licensing.") ? issue.message : "licensing.error.badTerms";
  throw new DomainError("BAD_INPUT", key, { path: issue.path.join(".") });
}

export type TermsProblem = { path: keyof LicenseTerms; messageKey: string; params: Record<string, string | number> };

/**
 * A licensee's request may only take less than the offer gives, on the owner's conditions:
 * rights (exclusivity, fields, territory, term, sublicensing, modifications) no broader, obligations
 * (production requirement, attribution) no weaker, and money no lower. Different prices are
 * negotiated by the owner changing the offer or asking for changes, not by the request.
 * Returns every problem (empty = acceptable). Both arguments must already be valid terms.
 */
export function validateRequestAgainstOffer(offer: LicenseTerms, request: LicenseTerms): TermsProblem[] {
  const problems: TermsProblem[] = [];
  const add = (path: keyof LicenseTerms, key: string, params: Record<string, string | number> = {}) =>
    problems.push({ path, messageKey: `licensing.request.${key}`, params });

  if (exclusivityRank(request.exclusivity) > exclusivityRank(offer.exclusivity)) {
    add("exclusivity", "broaderExclusivity", { offered: offer.exclusivity, requested: request.exclusivity });
  }
  const extraFields = request.fields.filter((f) => !offer.fields.includes(f));
  if (extraFields.length) {
    add("fields", "fieldsOutside", { fields: sortFields(extraFields).join(","), count: extraFields.length });
  }

  const outside = territoriesOutside(request.territories, offer.territories);
  if (outside.length) add("territories", "territoriesOutside", { countries: outside.join(","), count: outside.length });

  if (offer.productionRequirement === "jdz_mark" && request.productionRequirement !== "jdz_mark") {
    add("productionRequirement", "productionWeaker");
  }
  if (parseIsoDay(request.termStart)! < parseIsoDay(offer.termStart)!) {
    add("termStart", "startsBeforeOffer", { offerStart: offer.termStart });
  }
  if (parseIsoDay(request.termEnd)! > parseIsoDay(offer.termEnd)!) {
    add("termEnd", "endsAfterOffer", { offerEnd: lastDay(offer.termEnd) });
  }
  if (request.upfrontFeeFen < offer.upfrontFeeFen) add("upfrontFeeFen", "feeBelowOffer", { offered: offer.upfrontFeeFen });
  if (request.royaltyBps < offer.royaltyBps) add("royaltyBps", "royaltyBelowOffer", { offered: offer.royaltyBps });
  if (request.minimumGuaranteeFen < offer.minimumGuaranteeFen) {
    add("minimumGuaranteeFen", "guaranteeBelowOffer", { offered: offer.minimumGuaranteeFen });
  }
  if (request.sublicensing && !offer.sublicensing) add("sublicensing", "sublicensingNotOffered");
  if (request.modifications && !offer.modifications) add("modifications", "modificationsNotOffered");
  if (offer.attribution && !request.attribution) add("attribution", "attributionRequired");
  return problems;
}

/** Throws DomainError UNPROCESSABLE carrying the first problem when the request exceeds the offer. */
export function assertRequestWithinOffer(offer: LicenseTerms, request: LicenseTerms): void {
  const problems = validateRequestAgainstOffer(offer, request);
  if (problems.length) throw new DomainError("UNPROCESSABLE", problems[0].messageKey, problems[0].params);
}

/**
 * Stable JSON of the terms: keys sorted, fields in vocabulary order, territory codes sorted and
 * de-duplicated as written (a licence for "eu" says "eu", not 27 codes). Two equal terms always
 * give the same string, whatever order the inputs came in.
 */
export function canonicalTerms(terms: LicenseTerms): string {
  const t = licenseTermsSchema.parse(terms);
  const normal: Record<string, unknown> = {
    ...t,
    fields: sortFields(t.fields),
    territories: [...new Set(t.territories)].sort(),
  };
  return canonicalJson(normal);
}

/** SHA-256 (hex, no 0x) of the canonical terms; recorded with a deal and printed on certificates. */
export function termsHash(terms: LicenseTerms): string {
  return sha256(toUtf8Bytes(canonicalTerms(terms))).slice(2);
}

// Intl formatters are costly to build and pure: one per language (offer lists summarise many terms).
const listFormats = { "zh-CN": new Intl.ListFormat("zh-CN", { type: "conjunction" }), en: new Intl.ListFormat("en", { type: "conjunction" }) };
const dayFormats = {
  "zh-CN": new Intl.DateTimeFormat("zh-CN", { dateStyle: "long", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }),
};

function listFormat(items: string[], locale: Locale): string {
  return listFormats[locale === "zh-CN" ? "zh-CN" : "en"].format(items);
}

function formatDay(iso: string, locale: Locale): string {
  return dayFormats[locale === "zh-CN" ? "zh-CN" : "en"].format(new Date(parseIsoDay(iso)!));
}

function lastDay(isoEnd: string): string {
  return formatIsoDay(parseIsoDay(isoEnd)! - DAY_MS);
}

function territoryLabel(code: string, locale: Locale): string {
  if (isRegionCode(code)) {
    const name = translate(locale, regionLabelKey(code));
    if (code === "worldwide" || code === "mainland_china" || code === "hk_mo_tw") return name;
    return translate(locale, "licensing.summary.regionWithCount", { name, count: expandTerritories([code]).length });
  }
  return isCountryCode(code) ? countryName(code, locale) : code;
}

function percent(bps: number): string {
  return (bps / 100).toFixed(2).replace(/\.?0+$/, "");
}

/** The terms in plain sentences, in the viewer's language, for offer pages, deals and certificates. */
export function summarizeTerms(terms: LicenseTerms, locale: Locale): string[] {
  const t = (key: string, params: Record<string, string | number> = {}) => translate(locale, `licensing.summary.${key}`, params);
  const out: string[] = [];
  out.push(t(`exclusivity.${terms.exclusivity}`));
  out.push(
    t("fields", {
      fields: listFormat(
        sortFields(terms.fields).map((f: FieldOfUse) => translate(locale, fieldLabelKey(f))),
        locale,
      ),
    }),
  );

  const codes = [...new Set(terms.territories)].sort();
  const worldwide = codes.includes("worldwide") || expandTerritories(codes).length === COUNTRY_CODES.length;
  out.push(
    worldwide
      ? t("territoryWorldwide")
      : t("territories", {
          // named regions first, then single countries
          territories: listFormat(
            [...codes.filter(isRegionCode), ...codes.filter(isCountryCode)].map((c) => territoryLabel(c, locale)),
            locale,
          ),
        }),
  );
  out.push(t(`production.${terms.productionRequirement}`));
  out.push(t("term", { start: formatDay(terms.termStart, locale), end: formatDay(lastDay(terms.termEnd), locale) }));

  out.push(terms.upfrontFeeFen > 0 ? t("upfrontFee", { amount: formatFen(terms.upfrontFeeFen, locale) }) : t("noUpfrontFee"));
  if (terms.royaltyBps > 0) {
    out.push(
      terms.minimumGuaranteeFen > 0
        ? t("royaltyWithGuarantee", {
            percent: percent(terms.royaltyBps),
            amount: formatFen(terms.minimumGuaranteeFen, locale),
          })
        : t("royalty", { percent: percent(terms.royaltyBps) }),
    );
  } else {
    out.push(t("noRoyalty"));
  }
  out.push(t(terms.sublicensing ? "sublicensingAllowed" : "sublicensingForbidden"));
  out.push(t(terms.attribution ? "attributionRequired" : "attributionNotRequired"));
  out.push(t(terms.modifications ? "modificationsAllowed" : "modificationsForbidden"));
  return out;
}
