/**
 * The public API's machine-readable error codes (docs/api.md), one explicit entry per domain
 * error the API can return, keyed by the error's message. Codes are part of the API contract:
 * renaming an i18n key must not change them, so they are written out here instead of being
 * derived from the key. An error without an entry answers with its generic kind
 * ("bad_input", "unavailable", …), never with a code made from its message key.
 */
import type { DomainError, ErrorCode } from "~/domain/errors";

export const API_ERROR_CODES: Readonly<Record<string, string>> = {
  "catalog.upload.missing": "missing",
  "catalog.upload.malformed": "malformed",
  "catalog.upload.notMultipart": "not_multipart",
  "catalog.upload.tooManyFiles": "too_many_files",
  "imaging.error.empty": "empty",
  "imaging.error.tooLarge": "too_large",
  "imaging.error.tooManyPixels": "too_many_pixels",
  "imaging.error.unsupportedType": "unsupported_type",
  "imaging.error.animated": "animated",
  "imaging.error.corrupt": "corrupt",
  "http.body.tooLarge": "too_large",
  "http.body.fieldTooLarge": "field_too_large",
  "http.body.tooManyParts": "too_many_parts",
  "http.body.busy": "busy",
  "http.body.nulInField": "nul_in_field",
  "http.body.badJson": "bad_json",
  "http.body.unsupportedType": "unsupported_type",
  "motif.error.unavailable": "unavailable",
};

function genericApiCode(code: ErrorCode): string {
  return code.toLowerCase();
}

export function apiErrorCode(error: Pick<DomainError, "code" | "messageKey">): string {
  return API_ERROR_CODES[error.messageKey] ?? genericApiCode(error.code);
}
