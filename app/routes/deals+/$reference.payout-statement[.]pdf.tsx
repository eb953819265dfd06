import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachment } from "~/web/download-routes.server";
import { payoutStatement } from "~/domain/payments/payout-statement.server";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";

/** GET /deals/:reference/payout-statement.pdf — the work's managers and staff; 404 for anyone else. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const got = await payoutStatement({ db: prisma, reference: params.reference ?? "", userId: user.id });
  if (!got) throw new Response("Not Found", { status: 404 });
  return new Response(new Uint8Array(got.pdf), {
    headers: { ...attachment(`${got.reference}.payout-statement.pdf`, "application/pdf"), "Content-Length": String(got.pdf.length) },
  });
}
