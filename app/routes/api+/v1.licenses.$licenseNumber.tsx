import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getPublicLicense } from "~/domain/licensing/get-public-license.server";
import { prisma } from "~/utils/db.server";
import { apiRateLimit } from "./__api.server";

/** GET /api/v1/licenses/:licenseNumber — public licence check for platforms and customs. See docs/api.md. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const headers = { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" };
  const limited = await apiRateLimit(request, "api");
  if (limited) return limited;
  const lookup = await getPublicLicense({ db: prisma, licenseNumber: params.licenseNumber ?? "" });
  if (lookup.kind === "invalid")
    return json(
      { error: { code: "invalid_license_number", message: "Not a licence number of the form JDZL-YYYY-NNNNNN-C (check character wrong?)." } },
      { status: 400, headers },
    );
  if (lookup.kind === "not_found") return json({ error: { code: "not_found", message: "No licence with this number." } }, { status: 404, headers });
  return json({ license: lookup.license }, { headers });
}
