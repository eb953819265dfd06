import { json } from "@remix-run/node";
import { isDomainError, type DomainError } from "~/domain/errors";
import { translate, type Locale } from "./i18n";
import { retryAfterHeaders } from "./rate-limit.server";

/**
 * The one DomainError → response mapping of pages' actions: JSON with the message in the
 * reader's language (`formError`), the error's kind (`code`), its HTTP status and, for a rate
 * limit, Retry-After. Anything that is not a DomainError is rethrown (→ the error boundary, 500).
 * The public API maps the same errors with stable machine codes (~/web/api-error-codes).
 */
export function domainErrorResponse<E extends Record<string, unknown> = Record<never, never>>(
  error: unknown,
  locale: Locale,
  extra: E = {} as E,
  /** How the page words the error when it says more than its message (e.g. which file). */
  message: (error: DomainError, locale: Locale) => string = (e, l) => translate(l, e.messageKey, e.params),
) {
  if (isDomainError(error)) {
    return json({ ...extra, formError: message(error, locale), code: error.code }, { status: error.status, headers: retryAfterHeaders(error) });
  }
  throw error;
}

export function notFound(message = "Not Found"): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}

export function invariantResponse(condition: unknown, message = "Not Found", status = 404): asserts condition {
  if (!condition) throw new Response(message, { status });
}
