import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getPublicLicense } from "~/domain/licensing/get-public-license.server";
import { prisma } from "~/utils/db.server";
import { clientIp, consumeRateLimit } from "~/utils/rate-limit.server";

/** GET /api/v1/licenses/:licenseNumber — public licence check for platforms and customs. See docs/api.md. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const headers = { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" };
  const wait = await consumeRateLimit(`api:ip:${clientIp(request)}`, 120, 60_000);
  if (wait) return json({ error: { code: "rate_limited", message: `Too many requests; retry in ${wait} s.` } }, { status: 429, headers: { ...headers, "Retry-After": String(wait) } });
  const lookup = await getPublicLicense({ db: prisma, licenseNumber: params.licenseNumber ?? "" });
  if (lookup.kind === "invalid") return json({ error: { code: "invalid_license_number", message: "Not a licence number of the form JDZL-YYYY-NNNNNN-C (check character wrong?)." } }, { status: 400, headers });
  if (lookup.kind === "not_found") return json({ error: { code: "not_found", message: "No licence with this number." } }, { status: 404, headers });
  return json({ license: lookup.license }, { headers });
}
