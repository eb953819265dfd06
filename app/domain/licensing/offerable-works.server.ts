/** The works a user may publish an offer for: registered works they manage, newest first (the new-offer form's choices). */
import { workManagedBy } from "~/domain/access/work-managers.server";
import type { DbOrTx } from "./deal-access.server";

export async function listOfferableWorks({ db, userId }: { db: DbOrTx; userId: string }) {
  return db.work.findMany({
    where: { status: "registered", ...workManagedBy(userId) },
    orderBy: { registeredAt: "desc" },
    select: { id: true, titleZh: true, titleEn: true, registrationNumber: true },
  });
}
