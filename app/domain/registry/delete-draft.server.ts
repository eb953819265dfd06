import { assertPermission } from "~/domain/access/roles.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { discardUnreferencedImages, loadManagedWork } from "./work-access.server";

/** Delete a draft that was never submitted, and its photos unless something else uses them. */
export async function deleteDraft({ userId, workId }: { userId: string; workId: string }) {
  await assertPermission(prisma, userId, "work:create");
  const work = await loadManagedWork(prisma, userId, workId);
  if (work.status !== "draft") throw new DomainError("CONFLICT", "works.error.notDraft");
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.work.deleteMany({ where: { id: workId, status: "draft" } });
    if (count === 0) throw new DomainError("CONFLICT", "works.error.notDraft");
    await recordAuditEvent(tx, {
      actorId: userId,
      action: "work.draft_deleted",
      entityId: workId,
      data: { titleZh: work.titleZh, views: work.views.map((v) => v.sha256) },
    });
  });
  await discardUnreferencedImages(
    getEnv().DATA_DIR,
    work.views.map((v) => v.sha256),
  );
}
