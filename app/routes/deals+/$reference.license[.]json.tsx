import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachment } from "~/web/download-routes.server";
import { getLicenseCertificate } from "~/domain/anchoring/get-license-certificate.server";
import { requireUser } from "~/utils/auth.server";

/** GET /deals/:reference/license.json — the deal's parties and staff only; others get 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const got = await getLicenseCertificate({ reference: params.reference ?? "", user });
  if (!got) throw new Response("Not Found", { status: 404 });
  return new Response(JSON.stringify(got.file, null, 2) + "\n", {
    headers: attachment(`${got.deal.licenseNumber}.license.json`, "application/json; charset=utf-8"),
  });
}
