import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicOrigin } from "~/domain/anchoring/anchoring-config.server";
import { registrationCertificateDocument } from "~/domain/anchoring/certificate-documents.server";
import { attachment, limitDownloads, requireRegistrationNumber } from "~/web/download-routes.server";

/** GET /works/:registrationNumber/certificate.pdf — public; sealed works print no image, no title. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const number = requireRegistrationNumber(params.registrationNumber);
  await limitDownloads(request, "certificatePdf");
  const pdf = await registrationCertificateDocument({ registrationNumber: number, origin: publicOrigin(request) });
  if (!pdf) throw new Response("Not Found", { status: 404 });
  return new Response(new Uint8Array(pdf), {
    headers: { ...attachment(`${number}.certificate.pdf`, "application/pdf"), "Content-Length": String(pdf.length) },
  });
}
