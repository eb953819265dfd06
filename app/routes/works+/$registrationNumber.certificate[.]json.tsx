import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachment, limitDownloads, requireRegistrationNumber } from "~/domain/anchoring/certificate-routes.server";
import { getRegistrationCertificate } from "~/domain/anchoring/get-certificate-file.server";

/** GET /works/:registrationNumber/certificate.json — public: the record holds only hashes. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const number = requireRegistrationNumber(params.registrationNumber);
  await limitDownloads(request, "certificateJson");
  const got = await getRegistrationCertificate({ registrationNumber: number });
  if (!got) throw new Response("Not Found", { status: 404 });
  return new Response(JSON.stringify(got.file, null, 2) + "\n", { headers: attachment(`${number}.certificate.json`, "application/json; charset=utf-8") });
}
