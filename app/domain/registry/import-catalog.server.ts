/**
 * Bulk import of a studio's catalog: each valid CSV row becomes a work submitted for
 * examination, through createWork (so each row is one transaction with its own audit events,
 * prior-art check and image ingest). A row with any problem — in the CSV or in its photos — is
 * reported and creates nothing; the other rows go on. The report says, per problem, the row, the
 * column and the message in the importer's language.
 */
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { isDomainError } from "~/domain/errors";
import { prisma } from "~/utils/db.server";
import type { Locale } from "~/utils/i18n";
import { issueMessage, parseCatalogCsv, type ImportColumn, type ImportIssue } from "./catalog-csv";
import { createWork } from "./create-work.server";
import type { ImageSource } from "./import-images.server";
import { assertPermission, resolveOwner } from "./work-access.server";

export type ImportProblem = { row: number; column: ImportColumn | null; message: string };
export type ImportReport = {
  total: number;
  created: { row: number; workId: string; titleZh: string }[];
  problems: ImportProblem[];
};
export type ImportProgress = { done: number; total: number };

export async function importCatalog({
  userId,
  csv,
  images,
  owner = "self",
  locale,
  onProgress,
}: {
  userId: string;
  csv: string | Uint8Array;
  images: ImageSource;
  /** "self" or the id of a studio the user belongs to. */
  owner?: string;
  locale: Locale;
  onProgress?: (p: ImportProgress) => void;
}): Promise<ImportReport> {
  await assertPermission(prisma, userId, "work:create");
  await resolveOwner(prisma, userId, owner); // refuses a studio the user is not a member of
  const { rows, issues, total } = parseCatalogCsv(csv);
  const problems: ImportProblem[] = issues.map((i) => toProblem(i, locale));
  const created: ImportReport["created"] = [];
  let done = total - rows.length; // rows refused by validation are already done
  onProgress?.({ done, total });

  for (const r of rows) {
    const views: { kind: string; bytes: Uint8Array; originalName: string }[] = [];
    let missing = false;
    for (const img of r.images) {
      let bytes: Uint8Array | null = null;
      try {
        bytes = await images.get(img.file);
      } catch (e) {
        if (!isDomainError(e)) throw e;
        problems.push(toProblem({ row: r.row, column: "images", messageKey: e.messageKey, params: e.params }, locale));
        missing = true;
        continue;
      }
      if (!bytes) {
        problems.push(toProblem({ row: r.row, column: "images", messageKey: "catalog.import.error.imageNotFound", params: { file: img.file } }, locale));
        missing = true;
      } else views.push({ kind: img.kind, bytes, originalName: img.file });
    }
    if (!missing) {
      try {
        const work = await createWork({ userId, values: { ...r.values, owner }, views, submit: true });
        created.push({ row: r.row, workId: work.id, titleZh: work.titleZh });
      } catch (e) {
        if (!isDomainError(e)) throw e;
        const column: ImportColumn | null = e.messageKey.startsWith("imaging.") || /View|views|front/i.test(e.messageKey) ? "images" : null;
        problems.push(toProblem({ row: r.row, column, messageKey: e.messageKey, params: e.params }, locale));
      }
    }
    onProgress?.({ done: ++done, total });
  }

  if (created.length) {
    await prisma.$transaction(async (tx) => {
      await recordAuditEvent(tx, {
        actorId: userId,
        action: "catalog.imported",
        entityType: "user",
        entityId: userId,
        data: { owner, rows: total, created: created.map((c) => c.workId), problems: problems.length },
      });
    });
  }
  problems.sort((a, b) => a.row - b.row);
  return { total, created, problems };
}

function toProblem(issue: ImportIssue, locale: Locale): ImportProblem {
  return { row: issue.row, column: issue.column, message: issueMessage(issue, locale) };
}
