/**
 * Every request body the app reads goes through here, with a hard byte cap counted while the body
 * streams in (with or without Content-Length). Passing a cap stops reading at once and throws a
 * localized TOO_LARGE DomainError (HTTP 413); nothing beyond the cap is ever buffered.
 *
 * When a cap is passed the request stream is deliberately *not* cancelled: cancelling destroys the
 * socket before the 413 can be written. Reading simply stops (the Node stream is paused by back
 * pressure) and the server closes the connection after answering (see request-body-guard.server.ts).
 */
import { MaxFileSizeExceededError, MaxHeaderSizeExceededError, MultipartParser, getMultipartBoundary, type MultipartPart } from "@mjackson/multipart-parser";
import { json } from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import { PartScanner, type PartStart } from "~/utils/request-body-parts";
import { translate } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";

const KB = 1024;
const MB = 1024 * KB;

export const BODY_LIMITS = {
  /** url-encoded and multipart forms without files, JSON bodies. */
  form: 1 * MB,
  json: 1 * MB,
  /** Stripe events are a few KB; the signature is checked on the bytes read under this cap. */
  webhook: 1 * MB,
  /**
   * Any one file of a multipart form unless the route says otherwise: the largest image the
   * registry accepts (MAX_IMAGE_BYTES in ~/domain/imaging/image-type; a test there keeps the two equal).
   */
  file: 25 * MB,
  /** Any one text field of a multipart form. */
  textField: 64 * KB,
  /** Headers of one multipart part (Content-Disposition with a long file name, Content-Type). */
  partHeader: 16 * KB,
  /** Parts of a multipart form without files. */
  formParts: 200,
} as const;

/**
 * Bytes held by multipart bodies being read, across all requests of this process. The parser keeps
 * each part in memory until it ends (a photo may be 25 MB), so many uploads at once could exhaust the
 * heap even though each stays under its cap: past this budget a reader waits (its socket paused by
 * back pressure) for others to finish, and gives up with a 503 after `waitMs`.
 */
const uploadBudget = { bytes: 160 * MB, waitMs: 20_000 };
/** For tests, and for an operator who gives the process more heap. */
export function configureUploadBudget(next: Partial<typeof uploadBudget>) {
  Object.assign(uploadBudget, next);
}
let uploadBytesInFlight = 0;
const budgetWaiters = new Set<() => void>();

export function uploadBytesHeld(): number {
  return uploadBytesInFlight;
}

async function reserveUploadBytes(n: number, ownHeld: number, deadline: number): Promise<void> {
  // A reader alone may always proceed: a single upload is bounded by its own cap.
  while (uploadBytesInFlight - ownHeld > 0 && uploadBytesInFlight + n > uploadBudget.bytes) {
    if (Date.now() > deadline) throw new DomainError("UNAVAILABLE", "http.body.busy");
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        budgetWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, 250);
      budgetWaiters.add(wake);
    });
  }
  uploadBytesInFlight += n;
}

function releaseUploadBytes(n: number) {
  uploadBytesInFlight -= n;
  for (const wake of [...budgetWaiters]) wake();
}

/** "1 MB", "64 KB", "25 MB": how a cap is named in messages. */
export function formatBytes(n: number): string {
  if (n >= MB) return `${Math.round((n / MB) * 10) / 10} MB`;
  return `${Math.round(n / KB)} KB`;
}

function bodyTooLarge(maxBytes: number): DomainError {
  return new DomainError("TOO_LARGE", "http.body.tooLarge", { limit: formatBytes(maxBytes) });
}

function fileTooLarge(maxBytes: number, file: string | undefined): DomainError {
  const mb = (maxBytes / MB).toFixed(1);
  return new DomainError("TOO_LARGE", "imaging.error.tooLarge", { sizeMb: `> ${mb}`, maxMb: Math.round(maxBytes / MB), ...(file ? { file } : {}) });
}

/** Text never carries U+0000: React would print it into pages as is (see document-html.server). */
function nulInField(name: string): DomainError {
  return new DomainError("BAD_INPUT", "http.body.nulInField", { field: name.replace(/\0/g, "").slice(0, 64) });
}

function fieldTooLarge(name: string, maxBytes: number): DomainError {
  return new DomainError("TOO_LARGE", "http.body.fieldTooLarge", { field: name.slice(0, 64), limit: formatBytes(maxBytes) });
}

function malformed(): DomainError {
  return new DomainError("BAD_INPUT", "catalog.upload.malformed");
}

function declaredLength(request: Request): number | null {
  const raw = request.headers.get("Content-Length");
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return null;
  return Number(raw);
}

/**
 * The body's chunks, refusing (before reading) a declared Content-Length over the cap and
 * (while reading) the first chunk that takes the running total over it.
 */
async function* cappedChunks(request: Request, maxBytes: number): AsyncGenerator<Uint8Array, void, undefined> {
  const length = declaredLength(request);
  if (length !== null && length > maxBytes) throw bodyTooLarge(maxBytes);
  if (!request.body) return;
  if (request.bodyUsed || request.body.locked) throw malformed();
  const reader = request.body.getReader();
  let total = 0;
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch {
        // The client went away or the server-level guard cut the body off.
        throw malformed();
      }
      if (step.done) return;
      total += step.value.byteLength;
      if (total > maxBytes) throw bodyTooLarge(maxBytes);
      yield step.value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The whole body as bytes, at most `maxBytes` of them (the raw body for signature checks). */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of cappedChunks(request, maxBytes)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function mediaType(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

export function isMultipart(request: Request): boolean {
  return mediaType(request) === "multipart/form-data";
}

/** A JSON body of at most `maxBytes` (default 1 MB); invalid JSON is a 400. */
export async function readJson(request: Request, { maxBytes = BODY_LIMITS.json }: { maxBytes?: number } = {}): Promise<unknown> {
  const bytes = await readBodyBytes(request, maxBytes);
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new DomainError("BAD_INPUT", "http.body.badJson");
  }
}

type MultipartLimits = {
  /** Cap per file part. */
  maxFileBytes?: number;
  /** File parts allowed (0 refuses any file). */
  maxFiles?: number;
  /** All parts, files and text fields together. */
  maxParts?: number;
  /** Cap per text field. */
  maxTextBytes?: number;
  /** Cap on the whole body; by default what the other limits add up to. */
  maxBodyBytes?: number;
};

/** What the other limits allow, plus room for the boundaries and part headers. */
function multipartBodyCap({ maxFileBytes, maxFiles, maxParts, maxTextBytes }: Required<Omit<MultipartLimits, "maxBodyBytes">>): number {
  const fields = Math.max(0, maxParts - maxFiles);
  return maxFiles * maxFileBytes + fields * maxTextBytes + maxParts * (BODY_LIMITS.partHeader / 4) + 64 * KB;
}

/** Browsers send a `"` in a file name as %22 (HTML form encoding); show the name as typed. */
function cleanFileName(name: string): string {
  return name
    .replace(/%22/g, '"')
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .slice(0, 255);
}

/**
 * A multipart/form-data body as FormData (files as File), parsed while it streams with
 * @mjackson/multipart-parser. Each part is stopped at its own cap as it streams (files at
 * `maxFileBytes`, text fields at `maxTextBytes`, see request-body-parts.ts); parts and files are
 * counted as their headers arrive; the body cap bounds everything else.
 */
export async function readMultipart(request: Request, limits: MultipartLimits = {}): Promise<FormData> {
  const maxFileBytes = limits.maxFileBytes ?? BODY_LIMITS.file;
  const maxFiles = limits.maxFiles ?? 1;
  const maxTextBytes = limits.maxTextBytes ?? BODY_LIMITS.textField;
  const maxParts = limits.maxParts ?? maxFiles + 20;
  const maxBodyBytes = limits.maxBodyBytes ?? multipartBodyCap({ maxFileBytes, maxFiles, maxParts, maxTextBytes });

  if (!isMultipart(request)) throw new DomainError("UNSUPPORTED_MEDIA", "catalog.upload.notMultipart");
  const boundary = getMultipartBoundary(request.headers.get("Content-Type") ?? "");
  if (!boundary || boundary.length > 70) throw malformed();

  const parser = new MultipartParser(boundary, { maxHeaderSize: BODY_LIMITS.partHeader, maxFileSize: Math.max(maxFileBytes, maxTextBytes) });
  const scanner = new PartScanner(boundary, BODY_LIMITS.partHeader);
  const form = new FormData();
  let parts = 0;
  let files = 0;
  let current: PartStart | null = null;
  // The parser reads its (public) size limit on every append: set it for each part as it starts.
  const setPartLimit = (bytes: number) => ((parser as { maxFileSize: number }).maxFileSize = bytes);

  /** A part's headers have arrived: count it, and cap its body by its kind. */
  const begin = (start: PartStart) => {
    if (++parts > maxParts) throw new DomainError("TOO_LARGE", "http.body.tooManyParts", { max: maxParts });
    if (start.filename) {
      if (++files > maxFiles) throw new DomainError("TOO_LARGE", "catalog.upload.tooManyFiles", { max: maxFiles });
      setPartLimit(maxFileBytes);
    } else if (start.filename === "") {
      setPartLimit(maxFileBytes); // an untouched file input (empty) — or a nameless file, counted when it ends
    } else {
      setPartLimit(maxTextBytes);
    }
    current = start;
  };

  /** A part has ended (the parser held it under its limit): keep it. */
  const take = (part: MultipartPart) => {
    let name: string | undefined;
    let filename: string | undefined;
    try {
      name = part.name;
      filename = part.filename;
    } catch {
      throw malformed(); // part headers that are not UTF-8
    }
    if (name === undefined) throw malformed();
    if (filename !== undefined) {
      const file = cleanFileName(filename);
      // An untouched file input submits an empty, nameless part: not a file.
      if (part.size === 0 && !file) return;
      if (!file && ++files > maxFiles) throw new DomainError("TOO_LARGE", "catalog.upload.tooManyFiles", { max: maxFiles });
      if (part.size > maxFileBytes) throw fileTooLarge(maxFileBytes, file);
      form.append(name, new File([part.bytes as Uint8Array<ArrayBuffer>], file, { type: part.mediaType ?? "application/octet-stream" }));
    } else {
      if (part.size > maxTextBytes) throw fieldTooLarge(name, maxTextBytes);
      let text: string;
      try {
        text = part.text;
      } catch {
        throw malformed();
      }
      if (text.includes("\0")) throw nulInField(name);
      form.append(name, text);
    }
  };

  const write = (slice: Uint8Array) => {
    if (slice.byteLength === 0) return;
    for (const part of parser.write(slice)) take(part);
  };

  let held = 0;
  const deadline = Date.now() + uploadBudget.waitMs;
  try {
    for await (const chunk of cappedChunks(request, maxBodyBytes)) {
      await reserveUploadBytes(chunk.byteLength, held, deadline);
      held += chunk.byteLength;
      // Feed the parser up to each part's first body byte, then switch the limit to that part's.
      const { starts, end } = scanner.scan(chunk);
      let from = 0;
      for (const start of starts) {
        write(chunk.subarray(from, start.at));
        begin(start);
        from = start.at;
      }
      // After the closing delimiter comes the epilogue (usually CRLF): ignored, as RFC 2046 says.
      write(chunk.subarray(from, end ?? chunk.byteLength));
    }
    parser.finish();
  } catch (e) {
    if (e instanceof DomainError) throw e;
    if (e instanceof MaxFileSizeExceededError) {
      const part = current as PartStart | null;
      if (part && part.filename === undefined) throw fieldTooLarge(part.name, maxTextBytes);
      throw fileTooLarge(maxFileBytes, part?.filename ? cleanFileName(part.filename) : undefined);
    }
    if (e instanceof MaxHeaderSizeExceededError) throw new DomainError("TOO_LARGE", "http.body.tooLarge", { limit: formatBytes(BODY_LIMITS.partHeader) });
    // A broken body (bad boundary, cut-off stream, headers that are not UTF-8) is the client's fault, not a 500.
    throw malformed();
  } finally {
    releaseUploadBytes(held);
  }
  return form;
}

/**
 * A form without files: url-encoded (what `<Form method="post">` sends) or multipart with text
 * fields only, at most 1 MB. Anything else is a 415.
 */
export async function readForm(request: Request, { maxBytes = BODY_LIMITS.form }: { maxBytes?: number } = {}): Promise<FormData> {
  const type = mediaType(request);
  if (type === "multipart/form-data") {
    return readMultipart(request, {
      maxFiles: 0,
      maxFileBytes: 0,
      maxParts: BODY_LIMITS.formParts,
      maxTextBytes: Math.min(BODY_LIMITS.textField, maxBytes),
      maxBodyBytes: maxBytes,
    });
  }
  if (type === "application/x-www-form-urlencoded" || type === "") {
    const bytes = await readBodyBytes(request, maxBytes);
    const form = new FormData();
    for (const [k, v] of new URLSearchParams(new TextDecoder().decode(bytes))) {
      if (v.includes("\0") || k.includes("\0")) throw nulInField(k);
      form.append(k, v);
    }
    return form;
  }
  throw new DomainError("UNSUPPORTED_MEDIA", "http.body.unsupportedType", { type: type.slice(0, 80) });
}

/**
 * For page actions: the form as `readForm` reads it, or a thrown response with the refusal in the
 * requester's language, which the route's error boundary shows (413 for an oversized body).
 */
export async function readPageForm(request: Request, options: { maxBytes?: number } = {}): Promise<FormData> {
  try {
    return await readForm(request, options);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const locale = await getLocale(request);
    throw json({ message: translate(locale, e.messageKey, e.params), code: e.code }, { status: e.status });
  }
}
