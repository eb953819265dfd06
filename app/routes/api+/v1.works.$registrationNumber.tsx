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
  const limited = await apiRateLimit(request, "api", 120);
  if (limited) return limited;
  const raw = params.registrationNumber ?? "";
  if (!isRegistrationNumber(raw)) return apiError(request, 400, "invalid_registration_number", "works.registrationNumber.invalid");
  const work = await getRegisteredWork({ registrationNumber: raw, viewer: null });
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
        views: work.hashes.map((h, i) => ({
          kind: h.kind,
          sha256: h.sha256,
          pdq: h.pdq,
          pdqQuality: h.pdqQuality,
          weak: h.weak,
          phash: h.phash,
          ...(d ? { width: d.views[i]!.width, height: d.views[i]!.height, image: `${origin}/resources/images/${h.sha256}/1280`, thumbnail: `${origin}/resources/images/${h.sha256}/320` } : {}),
        })),
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
