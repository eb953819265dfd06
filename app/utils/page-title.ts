import { DEFAULT_LOCALE, isLocale, translate, type Locale, type Params } from "./i18n";

type Match = { id: string; data: unknown };

/** A tab title in the page's language (the root loader decides the locale). */
export function pageTitle(matches: readonly Match[], key: string, params?: Params) {
  return [{ title: translate(pageLocale(matches), key, params) }];
}

/** The page's language, as the root loader decided it. */
export function pageLocale(matches: readonly Match[]): Locale {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}
