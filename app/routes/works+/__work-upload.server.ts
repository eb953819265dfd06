/** Reading the work form: a multipart body with the fields and up to 8 photos, capped while it streams. */
import { DomainError } from "~/domain/errors";
import { domainErrorResponse } from "~/utils/route-helpers.server";
import { MAX_IMAGE_BYTES } from "~/domain/imaging/image-type";
import { MAX_VIEWS, viewFileField, workFormSchema } from "~/domain/registry/forms";
import type { ViewUpload } from "~/domain/registry/ingest-views.server";
import { VIEW_KINDS } from "~/domain/registry/vocabulary";
import { translate, type Locale } from "~/utils/i18n";
import { isMultipart, readForm, readMultipart } from "~/utils/request-body.server";
import { parseForm } from "~/web/form-reply.server";

const MAX_BODY = MAX_VIEWS * MAX_IMAGE_BYTES + 2 * 1024 * 1024;
/** Text fields of the form (titles, up to a few dozen authors/marks/materials) plus the photo inputs. */
const MAX_PARTS = 300;

export async function readWorkForm(request: Request) {
  // A form without files (no JS, or an API client) is read as a small form (1 MB).
  const formData = isMultipart(request)
    ? await readMultipart(request, { maxFileBytes: MAX_IMAGE_BYTES, maxFiles: MAX_VIEWS, maxParts: MAX_PARTS, maxBodyBytes: MAX_BODY })
    : await readForm(request);
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
  const submission = parseForm(fields, workFormSchema);
  return { fields, views, submission };
}

/** A refusal as the page shows it, in the user's language, naming the file when there is one. */
function formErrorMessage(e: DomainError, locale: Locale): string {
  const message = translate(locale, e.messageKey, e.params);
  return e.params.file && e.messageKey.startsWith("imaging.") ? translate(locale, "works.error.inFile", { file: e.params.file, message }) : message;
}

/** The work form's reply intent (one form on /works/new and /my/works/:id/edit). */
export const WORK_FORM_INTENT = "work";

/** The one DomainError mapper, naming the file an imaging error is about. */
export function domainErrorJson<E extends Record<string, unknown> = Record<never, never>>(e: unknown, locale: Locale, extra: E = {} as E) {
  return domainErrorResponse(e, locale, extra, formErrorMessage);
}
