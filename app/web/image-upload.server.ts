/**
 * Reads a multipart form carrying photos, through the capped streaming reader of
 * request-body.server.ts. Errors are DomainErrors with the same localized keys the imaging checks
 * use, so a page and the JSON API say the same thing.
 */
import { DomainError } from "~/domain/errors";
import { MAX_IMAGE_BYTES } from "~/domain/imaging/image-type";
import { readMultipart } from "~/utils/request-body.server";

/**
 * The form with at most `maxFiles` files of `maxFileBytes` each, a few text fields of ≤ 64 KB,
 * and a body no larger than those add up to (or `maxBodyBytes`).
 */
export async function readMultipartUpload(
  request: Request,
  {
    maxFileBytes = MAX_IMAGE_BYTES,
    maxFiles = 1,
    maxBodyBytes,
    maxParts,
  }: { maxFileBytes?: number; maxFiles?: number; maxBodyBytes?: number; maxParts?: number } = {},
): Promise<FormData> {
  return readMultipart(request, { maxFileBytes, maxFiles, maxBodyBytes, maxParts: maxParts ?? maxFiles + 20 });
}

/** The bytes of one uploaded file field, or a localized "choose a photo" refusal. */
export async function fileBytes(form: FormData, field: string): Promise<{ bytes: Uint8Array; name: string }> {
  const file = form.get(field);
  if (!file || typeof file === "string") throw new DomainError("BAD_INPUT", "catalog.upload.missing", { field });
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
}
