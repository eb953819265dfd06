import { assertPermission } from "~/domain/access/roles.server";
import type { PrismaClient } from "@prisma/client";
import { redactWork } from "~/domain/access/sealed-work";
import { DomainError } from "~/domain/errors";
import { payeeUser } from "~/domain/licensing/deal-access.server";
import type { Locale } from "~/utils/i18n";
import { createDealCheckout, getConnectAccountStatus, getStripe, type StripeEnv } from "./stripe.server";

/**
 * "Pay now": a Stripe Checkout Session for one pending payment of the licensee's, paid to the
 * artisan's connected account with the exchange center's fee kept back. Calling it again for the
 * same payment returns the same session (the payment id is the idempotency key).
 */
export async function startCheckout({
  db,
  env,
  actorId,
  paymentId,
  origin,
  locale,
}: {
  db: PrismaClient;
  env: StripeEnv;
  actorId: string;
  paymentId: string;
  origin: string;
  locale: Locale;
}) {
  await assertPermission(db, actorId, "deal:request");
  const payment = await db.payment.findFirst({
    where: { id: paymentId, deal: { licenseeId: actorId } },
    include: { deal: { include: { work: true, licensee: true } } },
  });
  if (!payment) throw new DomainError("NOT_FOUND", "licensing.error.paymentNotFound");
  if (payment.status !== "pending") throw new DomainError("CONFLICT", "licensing.error.paymentNotPending");
  const { deal } = payment;
  if (payment.purpose === "upfront" && deal.status !== "approved") throw new DomainError("CONFLICT", "licensing.error.paymentNotPending");
  const stripe = getStripe(env);
  const payee = await payeeUser(db, deal.work);
  if (!payee?.stripeAccountId) throw new DomainError("UNPROCESSABLE", "licensing.error.artisanNotConnected");
  const account = await getConnectAccountStatus({ stripe, accountId: payee.stripeAccountId });
  if (!account.canReceivePayouts) throw new DomainError("UNPROCESSABLE", "licensing.error.artisanNotConnected");

  // A sealed work's title stays out of Stripe too: its registration number names it.
  const face = redactWork(deal.work, "checkout");
  const workName = face.title ? face.title.en || face.title.zh : (face.registrationNumber ?? deal.reference);
  const checkout = await createDealCheckout({
    stripe,
    deal: {
      reference: deal.reference,
      amountFen: payment.amountFen,
      feeFen: payment.feeFen,
      title: `${workName} — ${payment.purpose === "upfront" ? "licence fee 许可费" : "royalty 提成"}`,
      description: deal.reference,
    },
    paymentId: payment.id,
    destinationAccountId: payee.stripeAccountId,
    successUrl: `${origin}/deals/${deal.reference}?paid=1`,
    cancelUrl: `${origin}/deals/${deal.reference}`,
    customerEmail: deal.licensee.email,
    locale,
  });
  await db.payment.update({ where: { id: payment.id }, data: { method: "stripe", stripeCheckoutSessionId: checkout.sessionId } });
  return checkout;
}
