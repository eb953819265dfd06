import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getRegistrationCertificate } from "~/domain/anchoring/get-certificate-file.server";
import { normalizeRegistrationNumber } from "~/domain/registry/registration-number";
import { API_HEADERS, apiError, apiRateLimit } from "./__api.server";

/** GET /api/v1/certificates/:registrationNumber — the certificate file (see docs/api.md). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const limited = await apiRateLimit(request, "api");
  if (limited) return limited;
  const number = normalizeRegistrationNumber(params.registrationNumber ?? "");
  if (!number) return apiError(request, 400, "invalid_registration_number", "works.registrationNumber.invalid");
  const got = await getRegistrationCertificate({ registrationNumber: number });
  if (!got) return apiError(request, 404, "not_found", "certificates.panel.none");
  return json(got.file, { headers: API_HEADERS });
}
