/**
 * Reads a multipart form with one photo field into memory, refusing oversized bodies before
 * buffering them. Errors are DomainErrors with the same localized keys the imaging checks use,
 * so a page and the JSON API say the same thing.
 */
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import { MAX_IMAGE_BYTES } from "~/domain/imaging/image-type";

/** Room for the multipart envelope and a few text fields around one maximal photo. */
const ENVELOPE_BYTES = 64 * 1024;

function tooLarge(sizeBytes: number | null, maxBytes: number): DomainError {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return new DomainError("TOO_LARGE", "imaging.error.tooLarge", { sizeMb: sizeBytes ? mb(sizeBytes) : `> ${mb(maxBytes)}`, maxMb: Math.round(maxBytes / 1024 / 1024) });
}

export async function readMultipartUpload(
  request: Request,
  { maxFileBytes = MAX_IMAGE_BYTES, maxFiles = 1, maxBodyBytes }: { maxFileBytes?: number; maxFiles?: number; maxBodyBytes?: number } = {},
): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) throw new DomainError("UNSUPPORTED_MEDIA", "catalog.upload.notMultipart");
  const length = Number(request.headers.get("Content-Length") ?? NaN);
  const maxBody = maxBodyBytes ?? maxFileBytes * maxFiles + ENVELOPE_BYTES;
  if (Number.isFinite(length) && length > maxBody) throw tooLarge(length, maxBody);
  let files = 0;
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxFileBytes });
  try {
    return await unstable_parseMultipartFormData(request, async (part) => {
      if (part.filename !== undefined && ++files > maxFiles) throw new DomainError("BAD_INPUT", "catalog.upload.tooManyFiles", { max: maxFiles });
      return memory(part);
    });
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) throw tooLarge(null, maxFileBytes);
    if (e instanceof DomainError) throw e;
    // A broken multipart body (bad boundary, cut-off stream) is the client's fault, not a 500.
    throw new DomainError("BAD_INPUT", "catalog.upload.malformed");
  }
}

/** The bytes of one uploaded file field, or a localized "choose a photo" refusal. */
export async function fileBytes(form: FormData, field: string): Promise<{ bytes: Uint8Array; name: string }> {
  const file = form.get(field);
  if (!file || typeof file === "string") throw new DomainError("BAD_INPUT", "catalog.upload.missing", { field });
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
}
