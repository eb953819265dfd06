import { assertPermission } from "~/domain/access/roles.server";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";

const MATCH_REVIEWS = ["confirmed", "dismissed"] as const;
export type MatchReview = (typeof MATCH_REVIEWS)[number];

/**
 * An officer confirms or dismisses one automatic match (PDQ or motif) of a case. The match row
 * stays (it is evidence that the check ran and what it found); the review and who made it are
 * recorded beside it and in the audit log. A later review replaces an earlier one.
 */
export async function reviewCaseMatch({
  db,
  actorId,
  caseId,
  matchId,
  review,
  now = new Date(),
}: {
  db: PrismaClient;
  actorId: string;
  caseId: string;
  matchId: string;
  review: string;
  now?: Date;
}) {
  await assertPermission(db, actorId, "case:handle");
  if (!(MATCH_REVIEWS as readonly string[]).includes(review)) throw new DomainError("BAD_INPUT", "motif.error.badReview");
  return db.$transaction(async (tx) => {
    const m = await tx.caseMatch.findFirst({
      where: { id: matchId, caseId },
      include: { case: { select: { number: true } }, work: { select: { registrationNumber: true } } },
    });
    if (!m) throw new DomainError("NOT_FOUND", "motif.error.matchNotFound");
    const updated = await tx.caseMatch.update({ where: { id: m.id }, data: { review, reviewedById: actorId, reviewedAt: now } });
    await recordAuditEvent(tx, {
      actorId,
      action: "case.match_reviewed",
      entityId: caseId,
      data: {
        number: m.case.number,
        matchId: m.id,
        method: m.method,
        verdict: m.verdict,
        registrationNumber: m.work.registrationNumber,
        from: m.review,
        review,
      },
    });
    return updated;
  });
}
