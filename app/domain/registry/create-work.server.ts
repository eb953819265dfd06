import { assertPermission } from "~/domain/access/roles.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { claimIdempotencyKey, findIdempotentResult, isUniqueViolation } from "~/domain/idempotency/idempotency-key.server";
import { viewRowFromImage } from "./view-row";
import { DomainError } from "~/domain/errors";
import { prisma, type Tx } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { workFormSchema, type WorkFormValues } from "./forms";
import { assertViewSet, ingestViews, type IngestedView, type ViewUpload } from "./ingest-views.server";
import { publishRenditions } from "~/domain/imaging/ingest-image.server";
import { checkPriorArt, priorArtRows } from "./prior-art.server";
import { indexWorkViews } from "./view-index.server";
import { discardIngested, resolveOwner } from "./work-access.server";
import type { ViewMatch } from "./find-matching-views.server";

/** The first failing field's message key (the page validates per field before it gets here). */
export function parseWorkValues(values: unknown): WorkFormValues {
  const parsed = workFormSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError("BAD_INPUT", issue.message.startsWith("works.") ? issue.message : "works.form.invalid", { field: issue.path.join(".") });
  }
  return parsed.data;
}

/** Work columns from the form values (everything but the owner). */
export function workColumns(v: WorkFormValues) {
  return {
    titleZh: v.titleZh,
    titleEn: v.titleEn,
    descriptionZh: v.descriptionZh,
    descriptionEn: v.descriptionEn,
    category: v.category,
    techniques: JSON.stringify(v.techniques),
    heightMm: v.heightMm ?? null,
    widthMm: v.widthMm ?? null,
    depthMm: v.depthMm ?? null,
    creationDate: v.creationDate ? new Date(`${v.creationDate}T00:00:00.000Z`) : null,
    visibility: v.visibility,
  };
}

/** WorkView rows (and their upload-stage prior-art rows) inside the caller's transaction. */
export async function writeViews(tx: Tx, workId: string, views: readonly IngestedView[], matches: readonly ViewMatch[][], firstOrder: number) {
  const created: { id: string; pdq: string }[] = [];
  for (const [i, v] of views.entries()) {
    const img = v.image;
    const row = await tx.workView.create({
      data: {
        workId,
        kind: v.kind,
        order: firstOrder + i,
        ...viewRowFromImage(img),
        originalName: v.originalName,
      },
      select: { id: true, pdq: true },
    });
    created.push(row);
  }
  // A matched view deleted meanwhile is dropped rather than failing the upload.
  const matchedIds = [...new Set(matches.flat().map((m) => m.viewId))];
  const still = new Set((await tx.workView.findMany({ where: { id: { in: matchedIds } }, select: { id: true } })).map((r) => r.id));
  const rows = priorArtRows(
    workId,
    "upload",
    created.map((c, i) => ({ viewId: c.id, matches: (matches[i] ?? []).filter((m) => still.has(m.viewId)) })),
  );
  if (rows.length) await tx.priorArtMatch.createMany({ data: rows });
  return { created, matchCount: rows.length };
}

/**
 * An artisan (or a studio member, for the studio) creates a work with its photos, as a draft or
 * submitted straight to examination. Images are stored first; if anything after that fails, the
 * files this call stored are removed again, so a refused work leaves no row and no file.
 *
 * Retries create nothing new: with an `idempotencyKey` (the form's hidden key) a repeated
 * submission returns the work the first one created; with an `importFingerprint` (a catalog
 * row) a row imported before throws CONFLICT "catalog.import.alreadyImported" with its workId.
 * Both are recorded in the creating transaction under a unique key, so two concurrent attempts
 * cannot both commit.
 */
export async function createWork({
  userId,
  values,
  views,
  submit = false,
  idempotencyKey,
  importFingerprint,
}: {
  userId: string;
  values: unknown;
  views: readonly ViewUpload[];
  submit?: boolean;
  idempotencyKey?: string | null;
  importFingerprint?: string;
}) {
  await assertPermission(prisma, userId, "work:create");
  const replay = async () => {
    if (idempotencyKey) {
      const workId = await findIdempotentResult(prisma, { userId, key: idempotencyKey, kind: "work" });
      const work = workId ? await prisma.work.findUnique({ where: { id: workId } }) : null;
      if (work) return work;
    }
    if (importFingerprint) {
      const row = await prisma.importedCatalogRow.findUnique({ where: { fingerprint: importFingerprint } });
      const work = row ? await prisma.work.findUnique({ where: { id: row.workId }, select: { id: true, titleZh: true } }) : null;
      if (work) throw new DomainError("CONFLICT", "catalog.import.alreadyImported", { workId: work.id, title: work.titleZh });
    }
    return null;
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const v = parseWorkValues(values);
  assertViewSet(views.map((x) => x.kind));
  const owner = await resolveOwner(prisma, userId, v.owner);
  const dataDir = getEnv().DATA_DIR;

  const ingested = await ingestViews(dataDir, views);
  try {
    const matches = await checkPriorArt(ingested.map((x) => ({ pdqDihedral: x.image.pdqDihedral })));
    const result = await prisma.$transaction(async (tx) => {
      const now = new Date();
      const work = await tx.work.create({
        data: {
          ...workColumns(v),
          ...owner,
          createdById: userId,
          status: submit ? "submitted" : "draft",
          submittedAt: submit ? now : null,
          authors: { create: v.authors.map((a, order) => ({ name: a.name, nameEn: a.nameEn, role: a.role, order })) },
        },
      });
      if (idempotencyKey) {
        // A key whose draft was deleted since may be used again.
        const stale = await tx.idempotencyKey.findUnique({ where: { userId_key: { userId, key: idempotencyKey } } });
        if (stale?.kind === "work" && !(await tx.work.count({ where: { id: stale.entityId } }))) {
          await tx.idempotencyKey.delete({ where: { userId_key: { userId, key: idempotencyKey } } });
        }
        await claimIdempotencyKey(tx, { userId, key: idempotencyKey, kind: "work", entityId: work.id });
      }
      if (importFingerprint) {
        // A row whose earlier work was since deleted may be imported again.
        const earlierRow = await tx.importedCatalogRow.findUnique({ where: { fingerprint: importFingerprint } });
        if (earlierRow && !(await tx.work.count({ where: { id: earlierRow.workId } }))) {
          await tx.importedCatalogRow.delete({ where: { fingerprint: importFingerprint } });
        }
        await tx.importedCatalogRow.create({ data: { fingerprint: importFingerprint, workId: work.id, userId } });
      }
      const { created, matchCount } = await writeViews(tx, work.id, ingested, matches, 0);
      await recordAuditEvent(tx, {
        actorId: userId,
        action: "work.created",
        entityId: work.id,
        data: {
          status: work.status,
          visibility: work.visibility,
          ownerUserId: work.ownerUserId,
          ownerOrgId: work.ownerOrgId,
          ownerName: work.ownerName,
          views: ingested.map((x) => ({ kind: x.kind, sha256: x.image.sha256, pdq: x.image.pdq })),
          priorArtMatches: matchCount,
          ...(importFingerprint ? { importFingerprint } : {}),
        },
      });
      if (submit) {
        await recordAuditEvent(tx, { actorId: userId, action: "work.submitted", entityId: work.id, data: {} });
      }
      return { work, created };
    });
    // Features and display derivatives from the pixels already decoded, after the response.
    void publishRenditions(
      dataDir,
      ingested.map((x) => x.image),
    );
    if (submit) await indexWorkViews(result.created);
    return result.work;
  } catch (e) {
    await discardIngested(
      dataDir,
      ingested.map((x) => x.image),
    );
    if (isUniqueViolation(e)) {
      const winner = await replay(); // a concurrent attempt with the same key committed first
      if (winner) return winner;
    }
    throw e;
  }
}
