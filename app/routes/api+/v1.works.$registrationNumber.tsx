import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getRegisteredWork } from "~/domain/registry/get-registered-work.server";
import { isRegistrationNumber } from "~/domain/registry/registration-number";
import { API_HEADERS, apiError, apiRateLimit, methodNotAllowed } from "./__api.server";

/**
 * GET /api/v1/works/:registrationNumber — a registered work's public record. Anonymous: a sealed
 * work answers with its public subset only (no session is read). See docs/api.md.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const limited = await apiRateLimit(request, "api");
  if (limited) return limited;
  const raw = params.registrationNumber ?? "";
  if (!isRegistrationNumber(raw)) return apiError(request, 400, "invalid_registration_number", "works.registrationNumber.invalid");
  const work = await getRegisteredWork({ registrationNumber: raw, viewerId: null });
  if (!work) return apiError(request, 404, "not_found", "catalog.api.workNotFound");
  const d = work.details;
  const origin = new URL(request.url).origin;
  return json(
    {
      work: {
        registrationNumber: work.registrationNumber,
        status: work.status,
        sealed: work.sealed,
        owner: { name: work.ownerName },
        submittedAt: work.submittedAt,
        registeredAt: work.registeredAt,
        revokedAt: work.revokedAt,
        title: d ? { zh: d.titleZh, en: d.titleEn } : null,
        description: d ? { zh: d.descriptionZh, en: d.descriptionEn } : null,
        category: d?.category ?? null,
        techniques: d?.techniques ?? null,
        dimensionsMm: d?.dimensionsMm ?? null,
        creationDate: d?.creationDate ?? null,
        authors: d?.authors ?? null,
        // Sealed: the hashes only (no view kinds, sizes or image links).
        views: d
          ? d.views.map((v) => ({
              kind: v.kind,
              sha256: v.sha256,
              pdq: v.pdq,
              pdqQuality: v.pdqQuality,
              weak: v.weak,
              phash: v.phash,
              width: v.width,
              height: v.height,
              image: `${origin}/resources/images/${v.sha256}/1280`,
              thumbnail: `${origin}/resources/images/${v.sha256}/320`,
            }))
          : work.hashes,
        page: `${origin}/works/${work.registrationNumber}`,
        certificate: { json: `${origin}/works/${work.registrationNumber}/certificate.json`, pdf: `${origin}/works/${work.registrationNumber}/certificate.pdf` },
      },
    },
    { headers: API_HEADERS },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, "GET");
}
