import { assertPermission } from "~/domain/access/roles.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { createConnectOnboardingLink, getConnectAccountStatus, getStripe, type ConnectAccountStatus, type StripeEnv } from "./stripe.server";

/**
 * An artisan connects (or finishes connecting) a Stripe Express account to receive licence fees.
 * The account id is stored before the redirect: the link expires within minutes, the account not.
 */
export async function startConnectOnboarding({
  db,
  env,
  actorId,
  origin,
}: {
  db: PrismaClient;
  env: StripeEnv;
  actorId: string;
  origin: string;
}): Promise<string> {
  await assertPermission(db, actorId, "offer:create");
  const user = await db.user.findUniqueOrThrow({ where: { id: actorId } });
  const link = await createConnectOnboardingLink({
    stripe: getStripe(env),
    accountId: user.stripeAccountId,
    email: user.email,
    refreshUrl: `${origin}/connect?refresh=1`,
    returnUrl: `${origin}/connect?return=1`,
    metadata: { kilnmarkUserId: user.id },
  });
  if (user.stripeAccountId !== link.accountId) {
    await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: actorId }, data: { stripeAccountId: link.accountId } });
      await recordAuditEvent(tx, { actorId, action: "user.stripe_account_created", entityId: actorId, data: { accountId: link.accountId } });
    });
  }
  return link.url;
}

/** Live status of the artisan's connected account, or null when none is connected. */
export async function getConnectStatus({ db, env, userId }: { db: PrismaClient; env: StripeEnv; userId: string }): Promise<ConnectAccountStatus | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { stripeAccountId: true } });
  if (!user?.stripeAccountId) return null;
  return getConnectAccountStatus({ stripe: getStripe(env), accountId: user.stripeAccountId });
}
