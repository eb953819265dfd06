import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachment, limitDownloads, requireRegistrationNumber } from "~/web/download-routes.server";
import { getRegistrationCertificate } from "~/domain/anchoring/get-certificate-file.server";
import { getOwnerCertificateFile } from "~/domain/anchoring/get-owner-certificate-file.server";
import { requireUser } from "~/utils/auth.server";

/**
 * GET /works/:registrationNumber/certificate.json — public: the record holds only hashes.
 * ?with=title — the owner's copy: adds the salt and title that open the title commitment
 * (signed-in managers of the work only; 404 for anyone else, as for a missing number).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const number = requireRegistrationNumber(params.registrationNumber);
  await limitDownloads(request, "certificateJson");
  const ownerCopy = new URL(request.url).searchParams.get("with") === "title";
  const got = ownerCopy
    ? await getOwnerCertificateFile({ registrationNumber: number, user: await requireUser(request) })
    : await getRegistrationCertificate({ registrationNumber: number });
  if (!got) throw new Response("Not Found", { status: 404 });
  const name = ownerCopy ? `${number}.certificate.owner.json` : `${number}.certificate.json`;
  return new Response(JSON.stringify(got.file, null, 2) + "\n", { headers: attachment(name, "application/json; charset=utf-8") });
}
