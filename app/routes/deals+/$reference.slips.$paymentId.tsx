import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachment } from "~/web/download-routes.server";
import { paymentSlip } from "~/domain/payments/payment-slip.server";
import { slipPath } from "~/domain/payments/slip-files.server";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

/** GET /deals/:reference/slips/:paymentId — the transfer slip, for the licensee and staff; 404 otherwise. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const slip = await paymentSlip({ db: prisma, reference: params.reference ?? "", paymentId: params.paymentId ?? "", userId: user.id });
  if (!slip) throw new Response("Not Found", { status: 404 });
  const file = slipPath(getEnv().DATA_DIR, slip.sha256);
  const st = await stat(file).catch(() => null);
  if (!st?.isFile()) throw new Response("Not Found", { status: 404 });
  const ext = slip.mime === "application/pdf" ? "pdf" : slip.mime.split("/")[1];
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, { headers: { ...attachment(`${params.reference}-slip.${ext}`, slip.mime), "Content-Length": String(st.size) } });
}
