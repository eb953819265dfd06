import { DEFAULT_LOCALE, isLocale, translate, type Params } from "./i18n";

type Match = { id: string; data: unknown };

/** A tab title in the page's language (the root loader decides the locale). */
export function pageTitle(matches: readonly Match[], key: string, params?: Params) {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
  return [{ title: translate(locale, key, params) }];
}
