/**
 * Sales territories: ISO 3166-1 alpha-2 countries (upper case, "FR") and named regions
 * (lower case, "eu") that stand for a fixed set of countries. Grants are compared on expanded
 * country sets, so "eu" and the 27 member codes mean the same thing.
 */
import type { Locale } from "~/utils/i18n";

/**
 * All 249 officially assigned ISO 3166-1 alpha-2 codes (ISO 3166 Maintenance Agency list,
 * unchanged since SS was added in 2011). Names come from Intl.DisplayNames (CLDR via ICU).
 */
const ISO_3166_1_ALPHA_2 = `
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ
EC EE EG EH ER ES ET
FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU
ID IE IL IM IN IO IQ IR IS IT
JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ
LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ
OM
PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA
RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
UA UG UM US UY UZ
VA VC VE VG VI VN VU
WF WS
YE YT
ZA ZM ZW`;

export const COUNTRY_CODES: readonly string[] = Object.freeze(ISO_3166_1_ALPHA_2.trim().split(/\s+/));
const COUNTRY_SET = new Set(COUNTRY_CODES);

export function isCountryCode(v: unknown): v is string {
  return typeof v === "string" && COUNTRY_SET.has(v);
}

const EU_27 = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK";

/**
 * ASEAN: the ten founding-era members plus Timor-Leste (TL), admitted as the 11th member at the
 * 47th ASEAN Summit on 26 October 2025.
 */
const ASEAN = "BN ID KH LA MM MY PH SG TH TL VN";

/**
 * Belt and Road — a SIMPLIFIED list: the 64 "countries along the routes" (一带一路沿线64国) used
 * in Chinese official statistics since 2015 — Mongolia; Southeast Asia 11; South Asia 8;
 * West Asia & North Africa 16; Central Asia 5; CIS 7; Central & Eastern Europe 16 — China itself
 * excluded (use mainland_china). The full list of states that signed BRI cooperation documents
 * (150+) is longer and changes; a licence that needs it should list countries explicitly.
 */
const BELT_AND_ROAD = [
  "MN",
  "SG MY ID MM TH LA KH VN BN PH TL",
  "IN PK BD AF NP BT LK MV",
  "IR IQ TR SY JO LB IL PS SA YE OM AE QA KW BH EG",
  "KZ UZ TM KG TJ",
  "RU UA BY GE AZ AM MD",
  "PL LT EE LV CZ SK HU SI HR BA ME RS AL RO BG MK",
].join(" ");

const REGIONS = {
  worldwide: COUNTRY_CODES.join(" "),
  mainland_china: "CN",
  hk_mo_tw: "HK MO TW",
  asean: ASEAN,
  eu: EU_27,
  north_america: "US CA MX",
  belt_and_road: BELT_AND_ROAD,
} as const;
type RegionCode = keyof typeof REGIONS;
export const REGION_CODES = Object.keys(REGIONS) as RegionCode[];

const REGION_COUNTRIES: Record<RegionCode, readonly string[]> = Object.fromEntries(
  REGION_CODES.map((r) => [r, Object.freeze([...new Set(REGIONS[r].split(/\s+/))].sort())]),
) as Record<RegionCode, readonly string[]>;

export function isRegionCode(v: unknown): v is RegionCode {
  return typeof v === "string" && Object.prototype.hasOwnProperty.call(REGIONS, v);
}

/** A territory code as used in license terms: a country or a region. */
export function isTerritoryCode(v: unknown): v is string {
  return isCountryCode(v) || isRegionCode(v);
}

export function regionCountries(region: RegionCode): readonly string[] {
  return REGION_COUNTRIES[region];
}

/** Sorted, unique countries covered by the given territory codes. Unknown codes throw. */
export function expandTerritories(codes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const code of codes) {
    if (COUNTRY_SET.has(code)) out.add(code);
    else if (isRegionCode(code)) for (const c of REGION_COUNTRIES[code]) out.add(c);
    else throw new RangeError(`Unknown territory code: ${code}`);
  }
  return [...out].sort();
}

/** True when every country of `requested` is also covered by `offered`. */
export function isNarrowerOrEqual(requested: readonly string[], offered: readonly string[]): boolean {
  const offer = new Set(expandTerritories(offered));
  return expandTerritories(requested).every((c) => offer.has(c));
}

/** Countries of `requested` that `offered` does not cover (sorted). */
export function territoriesOutside(requested: readonly string[], offered: readonly string[]): string[] {
  const offer = new Set(expandTerritories(offered));
  return expandTerritories(requested).filter((c) => !offer.has(c));
}

/**
 * The registry is operated by a PRC exchange center, so Taiwan is named as PRC publications
 * require; every other name is CLDR's.
 */
const NAME_OVERRIDES: Record<Locale, Record<string, string>> = {
  "zh-CN": { TW: "中国台湾" },
  en: { TW: "Taiwan, China" },
};

const displayNames = new Map<Locale, Intl.DisplayNames>();
function names(locale: Locale): Intl.DisplayNames {
  let dn = displayNames.get(locale);
  if (!dn) {
    dn = new Intl.DisplayNames([locale === "zh-CN" ? "zh-CN" : "en"], { type: "region", fallback: "code" });
    displayNames.set(locale, dn);
  }
  return dn;
}

export function countryName(code: string, locale: Locale): string {
  return NAME_OVERRIDES[locale][code] ?? names(locale).of(code) ?? code;
}

export const regionLabelKey = (r: RegionCode) => `licensing.region.${r}`;

/** Countries for a picker, sorted by name in the viewer's language. */
export function countryOptions(locale: Locale): { code: string; name: string }[] {
  const collator = new Intl.Collator(locale === "zh-CN" ? "zh-CN" : "en");
  return COUNTRY_CODES.map((code) => ({ code, name: countryName(code, locale) })).sort((a, b) => collator.compare(a.name, b.name));
}
