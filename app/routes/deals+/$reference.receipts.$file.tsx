import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachment } from "~/web/download-routes.server";
import { paymentReceipt } from "~/domain/payments/payment-receipt.server";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";

/**
 * GET /deals/:reference/receipts/:paymentId.pdf — the receipt of a succeeded payment, for the
 * licensee, the work's managers and staff; 404 for anyone else and for unpaid payments.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const m = /^([A-Za-z0-9_-]{1,64})\.pdf$/.exec(params.file ?? "");
  if (!m) throw new Response("Not Found", { status: 404 });
  const got = await paymentReceipt({ db: prisma, reference: params.reference ?? "", paymentId: m[1]!, userId: user.id });
  if (!got) throw new Response("Not Found", { status: 404 });
  return new Response(new Uint8Array(got.pdf), {
    headers: { ...attachment(`${got.receiptNumber}.receipt.pdf`, "application/pdf"), "Content-Length": String(got.pdf.length) },
  });
}
