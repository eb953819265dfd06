import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStripeEvent } from "~/domain/payments/handle-stripe-event.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

export async function action({ request }: ActionFunctionArgs) {
  const { status, outcome } = await handleStripeEvent({ db: prisma, env: getEnv(), rawBody: await request.text(), signatureHeader: request.headers.get("stripe-signature") });
  return new Response(JSON.stringify({ received: status === 200, outcome }), { status, headers: { "Content-Type": "application/json" } });
}
