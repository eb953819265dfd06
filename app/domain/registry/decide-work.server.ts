import { assertPermission } from "~/domain/access/roles.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { prisma } from "~/utils/db.server";
import { translate } from "~/utils/i18n";
import { checkPriorArt } from "./prior-art.server";
import { unindexViews } from "./view-index.server";
import { rejectionReasonSchema, type RejectionReason } from "./vocabulary";
import type { DecisionReason } from "./forms";
import { notifyWork } from "./work-access.server";

/**
 * Shared by rejectWork and requestWorkChanges: the officer's decision on a submitted work with a
 * reason template and free text the artisan reads. The work leaves the prior-art corpus.
 */
export async function decideWork({
  officerId,
  workId,
  reason,
  note = "",
  outcome,
}: {
  officerId: string;
  workId: string;
  reason: RejectionReason;
  note?: string;
  outcome: "rejected" | "changes_requested";
}) {
  await assertPermission(prisma, officerId, "work:examine");
  const r = rejectionReasonSchema.safeParse(reason);
  if (!r.success) throw new DomainError("BAD_INPUT", "works.form.reasonRequired");
  const text = note.trim().slice(0, 2000);
  if (r.data === "other" && !text) throw new DomainError("BAD_INPUT", "works.form.noteRequired");
  const before = await prisma.work.findUnique({
    where: { id: workId },
    select: { status: true, views: { select: { id: true, pdqDihedral: true } } },
  });
  if (!before) throw new DomainError("NOT_FOUND", "works.error.notFound");
  if (before.status !== "submitted") throw new DomainError("CONFLICT", "works.error.notSubmitted");

  const params: Record<string, string> = { note: text };
  if (r.data === "duplicate_of_registered") {
    // Name the registered work it duplicates: the nearest registered match of any view.
    const found = (
      await checkPriorArt(
        before.views.map((v) => ({ pdqDihedral: JSON.parse(v.pdqDihedral) as string[] })),
        [workId],
      )
    )
      .flat()
      .filter((m) => m.registrationNumber)
      .sort((a, b) => a.distance - b.distance);
    params.registrationNumber = found[0]?.registrationNumber ?? "—";
  }
  const decision: DecisionReason = { kind: outcome, reason: r.data, note: text, params };

  const work = await prisma.$transaction(async (tx) => {
    const { count } = await tx.work.updateMany({
      where: { id: workId, status: "submitted" },
      data: { status: outcome, examinerId: officerId, decisionReason: JSON.stringify(decision) },
    });
    if (count === 0) throw new DomainError("CONFLICT", "works.error.notSubmitted");
    const w = await tx.work.findUniqueOrThrow({ where: { id: workId } });
    await recordAuditEvent(tx, {
      actorId: officerId,
      action: outcome === "rejected" ? "work.rejected" : "work.changes_requested",
      entityId: workId,
      data: { reason: r.data, note: text },
    });
    await notifyWork(tx, w, {
      kind: outcome === "rejected" ? "rejected" : "changesRequested",
      params: (locale) => ({
        title: w.titleZh,
        reason: translate(locale, `works.rejection.${r.data}.template`, params) + (r.data !== "other" && text ? ` ${text}` : ""),
      }),
    });
    return w;
  });
  await unindexViews(before.views.map((v) => v.id));
  return work;
}
