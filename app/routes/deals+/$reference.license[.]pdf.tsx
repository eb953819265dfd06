import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicOrigin } from "~/domain/anchoring/anchoring-config.server";
import { licenseCertificateDocument } from "~/domain/anchoring/certificate-documents.server";
import { attachment } from "~/web/download-routes.server";
import { requireUser } from "~/utils/auth.server";

/** GET /deals/:reference/license.pdf — the deal's parties and staff only; others get 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const got = await licenseCertificateDocument({ reference: params.reference ?? "", user, origin: publicOrigin(request) });
  if (!got) throw new Response("Not Found", { status: 404 });
  return new Response(new Uint8Array(got.pdf), {
    headers: { ...attachment(`${got.licenseNumber}.license.pdf`, "application/pdf"), "Content-Length": String(got.pdf.length) },
  });
}
