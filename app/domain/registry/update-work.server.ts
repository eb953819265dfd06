import { assertPermission } from "~/domain/access/roles.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { parseWorkValues, workColumns, writeViews } from "./create-work.server";
import { assertViewSet, ingestViews, type ViewUpload } from "./ingest-views.server";
import { publishRenditions } from "~/domain/imaging/ingest-image.server";
import { checkPriorArt } from "./prior-art.server";
import { discardIngested, discardUnreferencedImages, loadManagedWork, resolveOwner } from "./work-access.server";

export const EDITABLE_STATUSES = ["draft", "changes_requested"] as const;

/**
 * Edit a draft, or a work sent back for changes: its details, and views added or removed.
 * The same no-orphan rule as createWork; removed views' files go once nothing uses them.
 */
export async function updateWork({
  userId,
  workId,
  values,
  addViews = [],
  removeViewIds = [],
}: {
  userId: string;
  workId: string;
  values: unknown;
  addViews?: readonly ViewUpload[];
  removeViewIds?: readonly string[];
}) {
  await assertPermission(prisma, userId, "work:create");
  const v = parseWorkValues(values);
  const work = await loadManagedWork(prisma, userId, workId);
  if (!(EDITABLE_STATUSES as readonly string[]).includes(work.status)) {
    throw new DomainError("CONFLICT", "works.error.notEditable");
  }
  const removing = new Set(removeViewIds);
  const kept = work.views.filter((x) => !removing.has(x.id));
  assertViewSet([...kept.map((x) => x.kind), ...addViews.map((x) => x.kind)]);
  const owner = await resolveOwner(prisma, userId, v.owner);
  const dataDir = getEnv().DATA_DIR;

  const ingested = await ingestViews(
    dataDir,
    addViews,
    kept.map((x) => x.sha256),
  );
  const removed = work.views.filter((x) => removing.has(x.id));
  try {
    const matches = await checkPriorArt(
      ingested.map((x) => ({ pdqDihedral: x.image.pdqDihedral })),
      [workId],
    );
    const updated = await prisma.$transaction(async (tx) => {
      // The status guard makes a concurrent submit/examination win cleanly.
      const { count } = await tx.work.updateMany({
        where: { id: workId, status: { in: [...EDITABLE_STATUSES] } },
        data: { ...workColumns(v), ...owner },
      });
      if (count === 0) throw new DomainError("CONFLICT", "works.error.notEditable");
      await tx.author.deleteMany({ where: { workId } });
      await tx.author.createMany({ data: v.authors.map((a, order) => ({ workId, name: a.name, nameEn: a.nameEn, role: a.role, order })) });
      if (removed.length) await tx.workView.deleteMany({ where: { workId, id: { in: removed.map((x) => x.id) } } });
      const nextOrder = Math.max(-1, ...work.views.map((x) => x.order)) + 1;
      await writeViews(tx, workId, ingested, matches, nextOrder);
      await recordAuditEvent(tx, {
        actorId: userId,
        action: "work.updated",
        entityId: workId,
        data: {
          ownerName: owner.ownerName,
          visibility: v.visibility,
          addedViews: ingested.map((x) => ({ kind: x.kind, sha256: x.image.sha256 })),
          removedViews: removed.map((x) => ({ kind: x.kind, sha256: x.sha256 })),
        },
      });
      return tx.work.findUniqueOrThrow({ where: { id: workId } });
    });
    void publishRenditions(
      dataDir,
      ingested.map((x) => x.image),
    );
    await discardUnreferencedImages(
      dataDir,
      removed.map((x) => x.sha256),
    );
    return updated;
  } catch (e) {
    await discardIngested(
      dataDir,
      ingested.map((x) => x.image),
    );
    throw e;
  }
}
