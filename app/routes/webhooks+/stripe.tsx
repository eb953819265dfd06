import type { ActionFunctionArgs } from "@remix-run/node";
import { isDomainError } from "~/domain/errors";
import { handleStripeEvent } from "~/domain/payments/handle-stripe-event.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { localeFromAcceptLanguage, translate } from "~/utils/i18n";
import { BODY_LIMITS, readBodyBytes } from "~/utils/request-body.server";

export async function action({ request }: ActionFunctionArgs) {
  let rawBody: Buffer;
  try {
    // At most 1 MB is read, and only then is the signature checked, on exactly those bytes.
    rawBody = await readBodyBytes(request, BODY_LIMITS.webhook);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const message = translate(localeFromAcceptLanguage(request.headers.get("Accept-Language")), e.messageKey, e.params);
    return new Response(JSON.stringify({ received: false, error: { code: e.code.toLowerCase(), message } }), {
      status: e.status,
      headers: { "Content-Type": "application/json" },
    });
  }
  const { status, outcome } = await handleStripeEvent({ db: prisma, env: getEnv(), rawBody, signatureHeader: request.headers.get("stripe-signature") });
  return new Response(JSON.stringify({ received: status === 200, outcome }), { status, headers: { "Content-Type": "application/json" } });
}
