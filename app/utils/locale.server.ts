import { readLocaleCookie } from "./session.server";
import { isLocale, localeFromAcceptLanguage, translate, type Locale, type Params } from "./i18n";

/** Cookie (explicit switch) first, then the signed-in user's preference, then the browser. */
export async function getLocale(request: Request, user?: { locale: string } | null): Promise<Locale> {
  return localeOf(request.headers.get("Cookie"), request.headers.get("Accept-Language"), user);
}

/** The same choice from the raw headers (the page cache keys anonymous pages on it). */
export async function localeOf(cookieHeader: string | null, acceptLanguage: string | null, user?: { locale: string } | null): Promise<Locale> {
  const fromCookie = await readLocaleCookie(cookieHeader);
  if (fromCookie) return fromCookie;
  if (user && isLocale(user.locale)) return user.locale;
  return localeFromAcceptLanguage(acceptLanguage);
}

export async function getT(request: Request, user?: { locale: string } | null) {
  const locale = await getLocale(request, user);
  return { locale, t: (key: string, params?: Params) => translate(locale, key, params) };
}
