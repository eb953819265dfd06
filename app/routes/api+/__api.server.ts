/** Shared plumbing of the public JSON API: JSON errors in the caller's language, rate limits. */
import { json } from "@remix-run/node";
import { isDomainError } from "~/domain/errors";
import { apiErrorCode } from "~/web/api-error-codes";
import { localeFromAcceptLanguage, translate } from "~/utils/i18n";
import { clientKey, consume, retryAfterHeaders, type LimitName } from "~/utils/rate-limit.server";

export const API_HEADERS = { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" } as const;

export function apiLocale(request: Request) {
  return localeFromAcceptLanguage(request.headers.get("Accept-Language"));
}

export function apiError(
  request: Request,
  status: number,
  code: string,
  messageKey: string,
  params: Record<string, string | number> = {},
  headers: Record<string, string> = {},
) {
  return json({ error: { code, message: translate(apiLocale(request), messageKey, params) } }, { status, headers: { ...API_HEADERS, ...headers } });
}

/** A DomainError (e.g. a refused image) as the API's JSON error; anything else is rethrown. */
export function apiDomainError(request: Request, error: unknown) {
  if (!isDomainError(error)) throw error;
  // A stable machine code (docs/api.md) beside the localized message.
  return apiError(request, error.status, apiErrorCode(error), error.messageKey, error.params, retryAfterHeaders(error));
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
