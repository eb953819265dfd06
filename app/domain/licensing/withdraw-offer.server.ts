import { assertPermission } from "~/domain/access/roles.server";
import { workManagedBy } from "~/domain/access/work-managers.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";

/**
 * Takes an offer off the market. Deals already requested or granted under it are untouched: a
 * withdrawal stops new requests, it does not revoke anybody's licence.
 */
export async function withdrawOffer({ db, actorId, offerId }: { db: PrismaClient; actorId: string; offerId: string }) {
  await assertPermission(db, actorId, "offer:create");
  return db.$transaction(async (tx) => {
    const { count } = await tx.licenseOffer.updateMany({
      where: { id: offerId, status: "published", work: workManagedBy(actorId) },
      data: { status: "withdrawn" },
    });
    if (count === 0) {
      const exists = await tx.licenseOffer.findFirst({ where: { id: offerId, work: workManagedBy(actorId) } });
      if (!exists) throw new DomainError("NOT_FOUND", "licensing.error.offerNotFound");
      throw new DomainError("CONFLICT", "licensing.error.offerNotPublished");
    }
    await recordAuditEvent(tx, { actorId, action: "offer.withdrawn", entityId: offerId, data: {} });
  });
}
