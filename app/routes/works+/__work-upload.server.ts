/** Reading the work form: a multipart body with the fields and up to 8 photos, capped in memory. */
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod";
import { DomainError, isDomainError } from "~/domain/errors";
import { MAX_IMAGE_BYTES } from "~/domain/imaging/image-type";
import { MAX_VIEWS, viewFileField, workFormSchema } from "~/domain/registry/forms";
import type { ViewUpload } from "~/domain/registry/ingest-views.server";
import { VIEW_KINDS } from "~/domain/registry/vocabulary";
import { translate, type Locale } from "~/utils/i18n";
import { json } from "@remix-run/node";

const MAX_BODY = MAX_VIEWS * MAX_IMAGE_BYTES + 2 * 1024 * 1024;

export async function readWorkForm(request: Request) {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > MAX_BODY) throw new DomainError("TOO_LARGE", "works.error.uploadTooLarge");
  let formData: FormData;
  const multipart = (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
  if (!multipart) {
    // A form without files (no JS, or an API client): small, so read it whole.
    if (length > 1024 * 1024) throw new DomainError("TOO_LARGE", "works.error.uploadTooLarge");
    formData = await request.formData();
  } else {
    try {
      formData = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMAGE_BYTES + 1 }),
      );
    } catch (e) {
      if (e instanceof MaxPartSizeExceededError) throw new DomainError("TOO_LARGE", "works.error.uploadTooLarge");
      throw e;
    }
  }
  const views: ViewUpload[] = [];
  const fields = new FormData();
  const fileFields = new Set<string>(VIEW_KINDS.map(viewFileField));
  for (const [key, value] of formData.entries()) {
    if (fileFields.has(key)) {
      if (typeof value === "string") continue;
      // An untouched file input submits an empty, nameless part.
      if (value.size === 0 && !value.name) continue;
      views.push({ kind: key.slice("file_".length), bytes: new Uint8Array(await value.arrayBuffer()), originalName: value.name });
    } else if (typeof value === "string") {
      fields.append(key, value);
    }
  }
  if (views.length > MAX_VIEWS) throw new DomainError("BAD_INPUT", "works.error.tooManyViews", { max: MAX_VIEWS });
  const submission = parseWithZod(fields, { schema: workFormSchema });
  return { fields, views, submission };
}

/** A refusal as the page shows it, in the user's language, naming the file when there is one. */
export function formErrorMessage(e: DomainError, locale: Locale): string {
  const message = translate(locale, e.messageKey, e.params);
  return e.params.file && e.messageKey.startsWith("imaging.")
    ? translate(locale, "works.error.inFile", { file: e.params.file, message })
    : message;
}

export function domainErrorJson(e: unknown, locale: Locale, extra: Record<string, unknown> = {}) {
  if (!isDomainError(e)) throw e;
  return json({ ...extra, formError: formErrorMessage(e, locale), code: e.code }, { status: e.status });
}
