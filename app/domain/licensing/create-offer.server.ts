import { assertPermission } from "~/domain/access/roles.server";
import { managesWork } from "~/domain/access/work-managers.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { rowOfTerms } from "./deal-access.server";
import { parseLicenseTerms, termsHash } from "./terms";

/** The owner of a registered work (or a member of the owning studio) publishes a licence offer. */
export async function createOffer({
  db,
  actorId,
  workId,
  terms: input,
  notes = "",
}: {
  db: PrismaClient;
  actorId: string;
  workId: string;
  terms: unknown;
  notes?: string;
}) {
  await assertPermission(db, actorId, "offer:create");
  const terms = parseLicenseTerms(input);
  const work = await db.work.findUnique({ where: { id: workId }, select: { id: true, status: true } });
  if (!work || !(await managesWork(db, actorId, workId))) throw new DomainError("NOT_FOUND", "licensing.error.workNotFound");
  if (work.status !== "registered") throw new DomainError("UNPROCESSABLE", "licensing.error.workNotRegistered");
  return db.$transaction(async (tx) => {
    const offer = await tx.licenseOffer.create({
      data: { workId, createdById: actorId, status: "published", notes: notes.slice(0, 2000), ...rowOfTerms(terms) },
    });
    await recordAuditEvent(tx, {
      actorId,
      action: "offer.published",
      entityId: offer.id,
      data: { workId, termsHash: termsHash(terms) },
    });
    return offer;
  });
}
