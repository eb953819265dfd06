import type { PrismaClient } from "@prisma/client";
import { dealMoneyAccess } from "./deal-money-access.server";

/**
 * A payment's transfer slip, for the licensee who uploaded it and staff (it shows the payer's
 * bank account: the artisan has no need of it). null → 404.
 */
export async function paymentSlip({ db, reference, paymentId, userId }: { db: PrismaClient; reference: string; paymentId: string; userId: string }) {
  const money = await dealMoneyAccess({ db, reference, userId });
  if (!money || !(money.isLicensee || money.isStaff)) return null;
  const p = money.deal.payments.find((x) => x.id === paymentId);
  if (!p?.slipSha256 || !p.slipMime) return null;
  return { sha256: p.slipSha256, mime: p.slipMime, name: p.slipName ?? "slip", sizeBytes: p.slipSizeBytes ?? 0 };
}
