/**
 * One error type for the whole domain. Routes map `code` to an HTTP status with
 * `statusForError`, and translate `messageKey` (with `params`) into the user's language.
 */
const errorStatus = {
  BAD_INPUT: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UPSTREAM: 502,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** i18n key, e.g. "imaging.error.tooLarge"; translated by the route. */
  readonly messageKey: string;
  readonly params: Record<string, string | number>;

  constructor(code: ErrorCode, messageKey: string, params: Record<string, string | number> = {}) {
    super(`${code}: ${messageKey}${Object.keys(params).length ? " " + JSON.stringify(params) : ""}`);
    this.name = "DomainError";
    this.code = code;
    this.messageKey = messageKey;
    this.params = params;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
