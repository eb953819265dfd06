/** Shared plumbing of the download routes (certificates, licences, receipts, slips): input validation, rate limit, headers. */
import { json } from "@remix-run/node";
import { normalizeRegistrationNumber } from "~/domain/registry/registration-number";
import { localeFromAcceptLanguage, translate } from "~/utils/i18n";
import { clientKey, consume } from "~/utils/rate-limit.server";

/** 400 for a malformed number; the normalized number otherwise. */
export function requireRegistrationNumber(raw: string | undefined): string {
  const n = normalizeRegistrationNumber(raw ?? "");
  if (!n) throw new Response("Bad Request: not a registration number (JDZ-YYYY-NNNNNN-C)", { status: 400 });
  return n;
}

/** Throws a 429 when one address asks for too many certificates. */
export async function limitDownloads(request: Request, name: "certificateJson" | "certificatePdf") {
  const limited = await consume(name, clientKey(request));
  if (limited) {
    const message = translate(localeFromAcceptLanguage(request.headers.get("Accept-Language")), limited.messageKey, limited.params);
    throw json({ error: { code: "rate_limited", message } }, limited.init);
  }
}

/** A download with a safe file name (the numbers are [A-Z0-9-] only, but never trust that). */
export function attachment(name: string, type: string) {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, "_");
  return { "Content-Type": type, "Content-Disposition": `attachment; filename="${safe}"`, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
}
