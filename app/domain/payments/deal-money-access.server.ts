import { rolesOf } from "~/domain/access/roles.server";
import { managesWork } from "~/domain/access/work-managers.server";
import type { PrismaClient } from "@prisma/client";
import { hasPermission } from "~/utils/permissions";

/**
 * A deal's money paperwork and who is asking: the licensee (payer), the work's managers (payee),
 * or exchange-center staff. Anyone else gets null, which routes answer with the same 404 as a
 * missing deal (references are not to be probed).
 */
export async function dealMoneyAccess({ db, reference, userId }: { db: PrismaClient; reference: string; userId: string }) {
  const deal = await db.deal.findUnique({
    where: { reference },
    include: {
      work: { select: { id: true, titleZh: true, titleEn: true, registrationNumber: true, visibility: true, ownerName: true } },
      licensee: { select: { id: true, name: true } },
      payments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    },
  });
  if (!deal) return null;
  const isLicensee = deal.licenseeId === userId;
  const isManager = await managesWork(db, userId, deal.workId);
  const isStaff = hasPermission(await rolesOf(db, userId), "deal:review");
  if (!isLicensee && !isManager && !isStaff) return null;
  return { deal, isLicensee, isManager, isStaff };
}

export type DealMoney = NonNullable<Awaited<ReturnType<typeof dealMoneyAccess>>>;

/** "KM-D-…-R2": the deal reference and the payment's place among the deal's payments. Stable. */
export function receiptNumber(money: DealMoney, paymentId: string): string | null {
  const i = money.deal.payments.findIndex((p) => p.id === paymentId);
  return i < 0 ? null : `${money.deal.reference}-R${i + 1}`;
}
