import { assertPermission } from "~/domain/access/roles.server";
import { DomainError, isDomainError } from "~/domain/errors";
import { prisma } from "~/utils/db.server";
import { checkPriorArt } from "./prior-art.server";
import { registerWork } from "./register-work.server";
import { rejectWork } from "./reject-work.server";
import { rejectionReasonSchema, type RejectionReason } from "./vocabulary";

const BULK_LIMIT = 100;

type BulkOutcome = {
  done: { workId: string; titleZh: string; registrationNumber: string | null }[];
  failed: { workId: string; titleZh: string; messageKey: string; params: Record<string, string | number> }[];
};

/**
 * Bulk decision on works that came in through a catalog import: register all, or reject all with
 * one reason. Each work goes through registerWork / rejectWork on its own (one transaction each,
 * with its own audit event and notification), so one failure never undoes the others; failures
 * are reported per work.
 *
 * Only imported works qualify: a work an artisan submitted by hand gets individual examination.
 * A work whose photos have a prior-art match judged "same" (a likely copy of a registered or
 * pending work) is not registered in bulk either: it is reported and stays in the queue.
 */
export async function decideImportedWorks({
  officerId,
  workIds,
  decision,
  reason,
  note = "",
}: {
  officerId: string;
  workIds: readonly string[];
  decision: "register" | "reject";
  reason?: RejectionReason;
  note?: string;
}): Promise<BulkOutcome> {
  await assertPermission(prisma, officerId, "work:examine");
  const ids = [...new Set(workIds)];
  if (!ids.length) throw new DomainError("BAD_INPUT", "examination.bulk.noneSelected");
  if (ids.length > BULK_LIMIT) throw new DomainError("BAD_INPUT", "examination.bulk.tooMany", { max: BULK_LIMIT });
  let rejection: RejectionReason | null = null;
  if (decision === "reject") {
    const r = rejectionReasonSchema.safeParse(reason);
    if (!r.success) throw new DomainError("BAD_INPUT", "works.form.reasonRequired");
    if (r.data === "other" && !note.trim()) throw new DomainError("BAD_INPUT", "works.form.noteRequired");
    rejection = r.data;
  }

  const works = await prisma.work.findMany({
    where: { id: { in: ids } },
    select: { id: true, titleZh: true, views: { select: { pdqDihedral: true }, orderBy: { order: "asc" } } },
  });
  const byId = new Map(works.map((w) => [w.id, w]));
  const imported = new Set((await prisma.importedCatalogRow.findMany({ where: { workId: { in: ids } }, select: { workId: true } })).map((r) => r.workId));
  const out: BulkOutcome = { done: [], failed: [] };

  for (const id of ids) {
    const w = byId.get(id);
    const titleZh = w?.titleZh ?? id;
    const fail = (messageKey: string, params: Record<string, string | number> = {}) => out.failed.push({ workId: id, titleZh, messageKey, params });
    if (!w) {
      fail("works.error.notFound");
      continue;
    }
    if (!imported.has(id)) {
      fail("examination.bulk.notImported");
      continue;
    }
    try {
      if (decision === "register") {
        const matches = (
          await checkPriorArt(
            w.views.map((v) => ({ pdqDihedral: JSON.parse(v.pdqDihedral) as string[] })),
            [id],
          )
        ).flat();
        const same = matches.filter((m) => m.verdict === "same").length;
        if (same) {
          fail("examination.bulk.sameNeedsExamination", { count: same });
          continue;
        }
        const r = await registerWork({ officerId, workId: id });
        out.done.push({ workId: id, titleZh, registrationNumber: r.registrationNumber });
      } else {
        await rejectWork({ officerId, workId: id, reason: rejection!, note });
        out.done.push({ workId: id, titleZh, registrationNumber: null });
      }
    } catch (e) {
      if (!isDomainError(e)) throw e;
      fail(e.messageKey, e.params);
    }
  }
  return out;
}
