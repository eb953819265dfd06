import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { matchPhoto } from "~/domain/registry/match-photo.server";
import { fileBytes, readMultipartUpload } from "~/web/image-upload.server";
import { translate } from "~/utils/i18n";
import { API_HEADERS, apiDomainError, apiLocale, apiRateLimit, methodNotAllowed } from "./__api.server";

/**
 * POST /api/v1/match (multipart, field `image`) — registered views whose PDQ hash is within 63
 * bits of the photo's (any rotation/flip), and registered views the local-feature matcher finds
 * inside the photo (verdict `motif`, with `inliers` and `region`). Nothing is stored. See docs/api.md.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(request, "POST");
  const limited = await apiRateLimit(request, "apiMatch");
  if (limited) return limited;
  try {
    const form = await readMultipartUpload(request);
    const { bytes } = await fileBytes(form, "image");
    const result = await matchPhoto({ bytes });
    return json(
      {
        query: {
          sha256: result.query.sha256,
          pdq: result.query.pdq,
          pdqQuality: result.query.pdqQuality,
          weak: result.query.weak,
          motif: {
            keypoints: result.query.keypoints,
            lowDetail: result.query.motifLowDetail,
            ...(result.query.motifLowDetail ? { message: translate(apiLocale(request), "motif.lowDetail") } : {}),
          },
        },
        matches: result.matches.map((m) => ({
          registrationNumber: m.registrationNumber,
          viewKind: m.viewKind,
          distance: m.distance,
          verdict: m.verdict,
          sealed: m.sealed,
          ...(m.verdict === "motif" ? { inliers: m.inliers, ...(m.region ? { region: m.region } : {}) } : {}),
        })),
      },
      { headers: API_HEADERS },
    );
  } catch (e) {
    return apiDomainError(request, e);
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(request, "POST");
}
