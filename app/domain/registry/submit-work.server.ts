import { assertPermission } from "~/domain/access/roles.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { prisma } from "~/utils/db.server";
import { assertViewSet } from "./ingest-views.server";
import { EDITABLE_STATUSES } from "./update-work.server";
import { indexWorkViews } from "./view-index.server";
import { loadManagedWork } from "./work-access.server";

/** Send a draft (or a work sent back for changes) to examination; its views become prior art. */
export async function submitWork({ userId, workId }: { userId: string; workId: string }) {
  await assertPermission(prisma, userId, "work:create");
  const work = await loadManagedWork(prisma, userId, workId);
  if (!(EDITABLE_STATUSES as readonly string[]).includes(work.status)) throw new DomainError("CONFLICT", "works.error.notSubmittable");
  assertViewSet(work.views.map((v) => v.kind));
  const views = await prisma.$transaction(async (tx) => {
    const { count } = await tx.work.updateMany({
      where: { id: workId, status: { in: [...EDITABLE_STATUSES] } },
      data: { status: "submitted", submittedAt: new Date(), decisionReason: null },
    });
    if (count === 0) throw new DomainError("CONFLICT", "works.error.notSubmittable");
    await recordAuditEvent(tx, {
      actorId: userId,
      action: "work.submitted",
      entityId: workId,
      data: { from: work.status, views: work.views.map((v) => ({ kind: v.kind, sha256: v.sha256 })) },
    });
    return tx.workView.findMany({ where: { workId }, select: { id: true, pdq: true } });
  });
  await indexWorkViews(views);
  return { id: workId, status: "submitted" as const };
}
