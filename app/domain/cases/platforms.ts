/**
 * Where infringing copies are found, who may report them, and case numbers.
 * Labels: "cases.platform.<id>" and "cases.standing.<id>" in app/locales/cases.ts.
 */
import { z } from "zod";

export const PLATFORMS = [
  "tmall",
  "taobao",
  "jd",
  "pinduoduo",
  "douyin",
  "kuaishou",
  "xiaohongshu",
  "amazon",
  "ebay",
  "etsy",
  "aliexpress",
  "temu",
  "offline_market",
  "other",
] as const;
export type Platform = (typeof PLATFORMS)[number];
export const platformSchema = z.enum(PLATFORMS);
export const platformKey = (p: Platform) => `cases.platform.${p}`;

/**
 * Registrable domains of each online platform (a listing URL on the domain or a subdomain).
 * Amazon and eBay have one domain per country; their country suffixes are matched by pattern.
 */
const PLATFORM_HOSTS: Array<[Platform, RegExp]> = [
  ["tmall", /(^|\.)(tmall\.com|tmall\.hk)$/],
  ["taobao", /(^|\.)(taobao\.com|tb\.cn)$/],
  ["jd", /(^|\.)(jd\.com|jd\.hk|3\.cn)$/],
  ["pinduoduo", /(^|\.)(pinduoduo\.com|yangkeduo\.com)$/],
  ["douyin", /(^|\.)(douyin\.com|iesdouyin\.com)$/],
  ["kuaishou", /(^|\.)(kuaishou\.com|gifshow\.com)$/],
  ["xiaohongshu", /(^|\.)(xiaohongshu\.com|xhslink\.com)$/],
  ["aliexpress", /(^|\.)(aliexpress\.com|aliexpress\.us|aliexpress\.ru)$/],
  ["amazon", /(^|\.)amazon\.(com|cn|co\.uk|co\.jp|de|fr|it|es|ca|com\.au|com\.mx|com\.br|in|nl|se|pl|sg|ae|sa|com\.tr|com\.be)$/],
  ["ebay", /(^|\.)ebay\.(com|co\.uk|de|fr|it|es|ca|com\.au|at|ch|ie|nl|pl|com\.hk|com\.sg|com\.my|ph|in)$/],
  ["etsy", /(^|\.)etsy\.com$/],
  ["temu", /(^|\.)temu\.com$/],
];

/** Guess the platform of a listing URL; "other" when unknown or not a URL. */
export function platformFromUrl(url: string): Platform {
  let host: string;
  try {
    host = new URL(url.trim()).hostname.toLowerCase();
  } catch {
    return "other";
  }
  for (const [platform, re] of PLATFORM_HOSTS) if (re.test(host)) return platform;
  return "other";
}

/**
 * The reporter's relation to the work: the owner (or their agent) can demand a takedown; a
 * licensee can when its licence is exclusive or sole; anyone else reports for the officer to
 * act on.
 */
export const REPORTER_STANDINGS = ["owner", "licensee", "public"] as const;
export type ReporterStanding = (typeof REPORTER_STANDINGS)[number];
export const reporterStandingSchema = z.enum(REPORTER_STANDINGS);
export const reporterStandingKey = (s: ReporterStanding) => `cases.standing.${s}`;

/** KM-C-YYYY-NNNNNN: yearly sequence. No check character: case numbers are issued, not typed to look things up publicly. */
const CASE_NUMBER = /^KM-C-(\d{4})-(\d{6})$/;
const CASE_NUMBER_INVALID_KEY = "cases.caseNumber.invalid";

export function formatCaseNumber(year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`case year out of range: ${year}`);
  if (!Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new RangeError(`case sequence out of range: ${seq}`);
  return `KM-C-${year}-${String(seq).padStart(6, "0")}`;
}

export function parseCaseNumber(s: string): { year: number; seq: number } | null {
  if (typeof s !== "string") return null;
  const m = CASE_NUMBER.exec(s.normalize("NFKC").trim().toUpperCase());
  if (!m) return null;
  const year = Number(m[1]);
  const seq = Number(m[2]);
  if (year < 2000 || seq < 1) return null;
  return { year, seq };
}

export function isCaseNumber(s: string): boolean {
  return parseCaseNumber(s) !== null;
}

export const caseNumberSchema = z.string().transform((s, ctx) => {
  const p = parseCaseNumber(s);
  if (!p) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: CASE_NUMBER_INVALID_KEY });
    return z.NEVER;
  }
  return formatCaseNumber(p.year, p.seq);
});
