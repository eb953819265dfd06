/** Shared plumbing of the public JSON API: JSON errors in the caller's language, rate limits. */
import { json } from "@remix-run/node";
import { isDomainError } from "~/domain/errors";
import { localeFromAcceptLanguage, translate } from "~/utils/i18n";
import { clientKey, consume, retryAfterHeaders, type LimitName } from "~/utils/rate-limit.server";

export const API_HEADERS = { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" } as const;

export function apiLocale(request: Request) {
  return localeFromAcceptLanguage(request.headers.get("Accept-Language"));
}

export function apiError(request: Request, status: number, code: string, messageKey: string, params: Record<string, string | number> = {}, headers: Record<string, string> = {}) {
  return json({ error: { code, message: translate(apiLocale(request), messageKey, params) } }, { status, headers: { ...API_HEADERS, ...headers } });
}

/** A DomainError (e.g. a refused image) as the API's JSON error; anything else is rethrown. */
export function apiDomainError(request: Request, error: unknown) {
  if (!isDomainError(error)) throw error;
  // "imaging.error.tooLarge" → "too_large": a stable machine code beside the localized message.
  const code = (error.messageKey.split(".").pop() ?? error.code).replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  return apiError(request, error.status, code, error.messageKey, error.params, retryAfterHeaders(error));
}

/** null when the request may proceed, else the 429 response. */
export async function apiRateLimit(request: Request, name: LimitName) {
  const limited = await consume(name, clientKey(request));
  if (!limited) return null;
  return apiError(request, 429, "rate_limited", limited.messageKey, limited.params, limited.headers);
}

export function methodNotAllowed(request: Request, allow: string) {
  return apiError(request, 405, "method_not_allowed", "catalog.api.methodNotAllowed", { allow }, { Allow: allow });
}
