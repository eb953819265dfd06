import { readLocaleCookie } from "./session.server";
import { isLocale, localeFromAcceptLanguage, translate, type Locale, type Params } from "./i18n";

/** Cookie (explicit switch) first, then the signed-in user's preference, then the browser. */
export async function getLocale(request: Request, user?: { locale: string } | null): Promise<Locale> {
  const fromCookie = await readLocaleCookie(request);
  if (fromCookie) return fromCookie;
  if (user && isLocale(user.locale)) return user.locale;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language"));
}

export async function getT(request: Request, user?: { locale: string } | null) {
  const locale = await getLocale(request, user);
  return { locale, t: (key: string, params?: Params) => translate(locale, key, params) };
}
