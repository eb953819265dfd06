/**
 * Translation tables live in app/locales/<namespace>.ts, each exporting
 * `{ en: {...}, "zh-CN": {...} }` with the same keys (a test enforces parity).
 * Keys are "<namespace>.<key>". Placeholders are written {name}.
 * Pure module: used by server code (errors, PDFs) and by components.
 */
import { messages as common } from "~/locales/common";
import { messages as mail } from "~/locales/mail";
import { messages as auth } from "~/locales/auth";
import { messages as account } from "~/locales/account";
import { messages as works } from "~/locales/works";
import { messages as imaging } from "~/locales/imaging";
import { messages as certificates } from "~/locales/certificates";
import { messages as licensing } from "~/locales/licensing";
import { messages as cases } from "~/locales/cases";
import { messages as officer } from "~/locales/officer";
import { messages as catalog } from "~/locales/catalog";
import { messages as http } from "~/locales/http";
import { messages as motif } from "~/locales/motif";
import { messages as titles } from "~/locales/titles";
import { messages as examination } from "~/locales/examination";
import { messages as worklist } from "~/locales/worklist";
import { messages as nextsteps } from "~/locales/nextsteps";
import { messages as payments } from "~/locales/payments";
import { messages as audit } from "~/locales/audit";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

type Table = Record<string, string>;
export type Namespace = { en: Table; "zh-CN": Table };

export const namespaces: Record<string, Namespace> = {
  common,
  mail,
  auth,
  account,
  works,
  imaging,
  certificates,
  licensing,
  cases,
  officer,
  catalog,
  http,
  motif,
  titles,
  examination,
  worklist,
  nextsteps,
  payments,
  audit,
};

const flat: Record<Locale, Table> = { en: {}, "zh-CN": {} };
for (const [ns, tables] of Object.entries(namespaces)) {
  for (const locale of LOCALES) {
    for (const [k, v] of Object.entries(tables[locale])) flat[locale][`${ns}.${k}`] = v;
  }
}

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

export type Params = Record<string, string | number | null | undefined>;

/**
 * Plural-aware: when params.count is a number and the table has `<key>_<category>` for the
 * locale's plural category (Intl.PluralRules: en "one"/"other"; zh only "other"), that variant
 * wins, so "1 registered work" and "2 registered works" come from one call.
 */
function pluralKey(locale: Locale, key: string, params: Params): string {
  if (typeof params.count !== "number") return key;
  const variant = `${key}_${new Intl.PluralRules(locale).select(params.count)}`;
  return variant in flat[locale] ? variant : key;
}

export function translate(locale: Locale, key: string, params: Params = {}): string {
  key = pluralKey(locale, key, params);
  const template = flat[locale][key] ?? flat.en[key];
  if (template === undefined) return key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? m : String(v);
  });
}

export function hasKey(key: string): boolean {
  return key in flat.en;
}

/** Pick a locale from an Accept-Language header (q-values honoured). */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...rest] = part.trim().split(";");
      const q = rest.find((r) => r.trim().startsWith("q="));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((x) => x.tag)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return DEFAULT_LOCALE;
}

/** Money is integer fen everywhere; shown as ¥1,234.50. */
export function formatFen(fen: number | bigint, locale: Locale): string {
  const n = typeof fen === "bigint" ? fen : BigInt(Math.trunc(fen));
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const yuan = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, "0");
  const grouped = yuan.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  void locale; // same notation in both languages: ¥ and grouping by thousands
  return `${neg ? "-" : ""}¥${grouped}.${cents}`;
}

/**
 * Building an Intl.DateTimeFormat costs about half a millisecond (a catalog page formats dozens
 * of dates): one per locale, zone and style, reused.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: Locale, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withTime ? "dt" : "d"}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      locale === "zh-CN" ? "zh-CN" : "en-GB",
      withTime ? { dateStyle: "medium", timeStyle: "short", timeZone } : { dateStyle: "medium", timeZone },
    );
    dateFormats.set(key, f);
  }
  return f;
}

/** Times are UTC in storage; shown in the viewer's zone (Asia/Shanghai unless told otherwise). */
export function formatDateTime(d: Date | string | number, locale: Locale, timeZone = "Asia/Shanghai"): string {
  return dateFormat(locale, timeZone, true).format(d instanceof Date ? d : new Date(d));
}

export function formatDate(d: Date | string | number, locale: Locale, timeZone = "Asia/Shanghai"): string {
  return dateFormat(locale, timeZone, false).format(d instanceof Date ? d : new Date(d));
}
