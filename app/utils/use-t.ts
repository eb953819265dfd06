import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, translate, formatFen, formatDate, formatDateTime, type Locale, type Params } from "./i18n";

type RootData = { locale: Locale; user: { id: string; name: string; roles: string[]; email: string } | null; timeZone?: string };

function useRootData(): RootData | undefined {
  return useRouteLoaderData("root") as RootData | undefined;
}

function useLocale(): Locale {
  return useRootData()?.locale ?? DEFAULT_LOCALE;
}

/** t("common.nav.works"), money(fen), date(d) in the page's language. */
export function useT() {
  const locale = useLocale();
  return {
    locale,
    t: (key: string, params?: Params) => translate(locale, key, params),
    money: (fen: number) => formatFen(fen, locale),
    date: (d: Date | string) => formatDate(d, locale),
    dateTime: (d: Date | string) => formatDateTime(d, locale),
  };
}
