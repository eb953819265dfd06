import { assertPermission } from "~/domain/access/roles.server";
import type { Prisma } from "@prisma/client";
import { isWeakPdq } from "~/domain/imaging/hamming";
import { containsText, prisma } from "~/utils/db.server";
import { checkPriorArt } from "./prior-art.server";

const QUEUE_LIMIT = 100;

/**
 * The officer's examination queue: submitted works, oldest first, optionally narrowed by one
 * text query matched against title (zh/en), owner, submitter (name or e-mail) and import batch.
 * An import batch is the "catalog.imported" audit event that created the work, named by its
 * sequence number ("#42"); a query "#42" (or "42") selects that batch.
 */
export async function listExaminationQueue({ officerId, q = "" }: { officerId: string; q?: string }) {
  await assertPermission(prisma, officerId, "work:examine");
  const query = q.trim().slice(0, 200);
  const where: Prisma.WorkWhereInput = { status: "submitted" };
  if (query) {
    const or: Prisma.WorkWhereInput[] = [
      { titleZh: containsText(query) },
      { titleEn: containsText(query) },
      { ownerName: containsText(query) },
      { createdBy: { name: containsText(query) } },
      { createdBy: { email: containsText(query) } },
    ];
    const batchSeq = /^#?(\d{1,9})$/.exec(query)?.[1];
    if (batchSeq) {
      const ev = await prisma.auditEvent.findFirst({ where: { seq: Number(batchSeq), action: "catalog.imported" }, select: { data: true } });
      const created = ev ? createdIds(ev.data) : [];
      if (created.length) or.push({ id: { in: created } });
    }
    where.OR = or;
  }
  const works = await prisma.work.findMany({
    where,
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
    take: QUEUE_LIMIT,
    select: {
      id: true,
      titleZh: true,
      titleEn: true,
      ownerName: true,
      visibility: true,
      submittedAt: true,
      createdBy: { select: { name: true } },
      views: { orderBy: { order: "asc" }, select: { sha256: true, pdqDihedral: true, pdqQuality: true } },
    },
  });
  const batches = await importBatchesOf(works.map((w) => w.id));
  return Promise.all(
    works.map(async ({ views, createdBy, ...w }) => {
      const found = (
        await checkPriorArt(
          views.map((v) => ({ pdqDihedral: JSON.parse(v.pdqDihedral) as string[] })),
          [w.id],
        )
      ).flat();
      return {
        ...w,
        submitter: createdBy.name,
        batch: batches.get(w.id) ?? null,
        viewCount: views.length,
        thumb: views[0]?.sha256 ?? null,
        same: found.filter((m) => m.verdict === "same").length,
        similar: found.filter((m) => m.verdict === "similar").length,
        weak: views.filter((v) => isWeakPdq(v.pdqQuality)).length,
      };
    }),
  );
}

function createdIds(data: string): string[] {
  try {
    const d = JSON.parse(data) as { created?: unknown };
    return Array.isArray(d.created) ? d.created.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** workId → batch (audit sequence number of its import) for the imported ones among workIds. */
async function importBatchesOf(workIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!workIds.length) return out;
  const rows = await prisma.importedCatalogRow.findMany({ where: { workId: { in: [...workIds] } }, select: { workId: true, createdAt: true } });
  if (!rows.length) return out;
  const since = new Date(Math.min(...rows.map((r) => r.createdAt.getTime())));
  const wanted = new Set(rows.map((r) => r.workId));
  // The batch's audit event is written after its rows, so it is never older than the oldest row.
  const events = await prisma.auditEvent.findMany({
    where: { action: "catalog.imported", at: { gte: since } },
    select: { seq: true, data: true },
    orderBy: { seq: "asc" },
  });
  for (const e of events) for (const id of createdIds(e.data)) if (wanted.has(id) && !out.has(id)) out.set(id, e.seq);
  // An imported row whose batch event is missing (import interrupted before its summary) still counts as imported.
  for (const id of wanted) if (!out.has(id)) out.set(id, 0);
  return out;
}
