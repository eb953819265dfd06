import { json } from "@remix-run/node";
import { isDomainError } from "~/domain/errors";
import { translate, type Locale } from "./i18n";

/** Turn a DomainError into a JSON response with a translated message; rethrow anything else. */
export function domainErrorResponse(error: unknown, locale: Locale, extra: Record<string, unknown> = {}) {
  if (isDomainError(error)) {
    return json(
      { ...extra, formError: translate(locale, error.messageKey, error.params), code: error.code },
      { status: error.status },
    );
  }
  throw error;
}

export function notFound(message = "Not Found"): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}

export function invariantResponse(condition: unknown, message = "Not Found", status = 404): asserts condition {
  if (!condition) throw new Response(message, { status });
}
