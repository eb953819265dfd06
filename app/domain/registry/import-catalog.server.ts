/**
 * Bulk import of a studio's catalog: each valid CSV row becomes a work submitted for
 * examination, through createWork (so each row is one transaction with its own audit events,
 * prior-art check and image ingest). A row with any problem — in the CSV or in its photos — is
 * reported and creates nothing; the other rows go on. The report says, per problem, the row, the
 * column and the message in the importer's language.
 *
 * Re-running an import creates nothing twice: each row's fingerprint (SHA-256 of the canonical
 * JSON of owner, parsed row content and the SHA-256 of every photo) is stored with the work it
 * created, under a unique key, in the same transaction. A row seen before is reported under
 * `alreadyImported` with the existing work. So an import killed half-way can simply be run again.
 */
import { assertPermission } from "~/domain/access/roles.server";
import { createHash } from "node:crypto";
import { canonicalJson } from "~/domain/canonical-json";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { isDomainError } from "~/domain/errors";
import { prisma } from "~/utils/db.server";
import type { Locale } from "~/utils/i18n";
import { translate } from "~/utils/i18n";
import { issueMessage, parseCatalogCsv, type ImportColumn, type ImportIssue, type ImportRow } from "./catalog-csv";
import { imagingPoolSize } from "~/domain/imaging/imaging-pool.server";
import { createWork } from "./create-work.server";
import type { ImageSource } from "./import-images.server";
import { resolveOwner } from "./work-access.server";

type ImportProblem = { row: number; column: ImportColumn | null; message: string };
export type ImportReport = {
  total: number;
  created: { row: number; workId: string; titleZh: string }[];
  /** Rows imported before (same owner, same content, same photos): nothing was created. */
  alreadyImported: { row: number; workId: string; titleZh: string; message: string }[];
  problems: ImportProblem[];
};

/** Identity of an imported row: who owns it, what it says, which exact photos it carries. */
function importRowFingerprint({
  ownerKey,
  row,
  photos,
}: {
  ownerKey: string;
  row: Pick<ImportRow, "values" | "images">;
  photos: readonly { kind: string; sha256: string }[];
}): string {
  const doc = { v: 1, owner: ownerKey, values: row.values, images: row.images, photos: photos.map((p) => ({ kind: p.kind, sha256: p.sha256 })) };
  return createHash("sha256").update(canonicalJson(doc)).digest("hex");
}
export type ImportProgress = { done: number; total: number };

/** Rows in flight at once: one more than the imaging workers, so none of them waits idle. */
export function importConcurrency(): number {
  const fromEnv = Number(process.env.IMPORT_CONCURRENCY);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return Math.min(fromEnv, 16);
  return imagingPoolSize() + 1;
}

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
  const alreadyImported: ImportReport["alreadyImported"] = [];
  const ownerKey = owner === "self" ? `user:${userId}` : `org:${owner}`;
  let done = total - rows.length; // rows refused by validation are already done
  onProgress?.({ done, total });

  // Rows go through createWork a few at a time so the imaging pool (one worker per core) always
  // has a photo to decode while another row waits for its transaction; each row stays one
  // transaction, and the report lists rows in file order whatever order they finished in.
  const importRow = async (r: ImportRow) => {
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
      const importFingerprint = importRowFingerprint({
        ownerKey,
        row: r,
        photos: views.map((v) => ({ kind: v.kind, sha256: createHash("sha256").update(v.bytes).digest("hex") })),
      });
      try {
        const work = await createWork({ userId, values: { ...r.values, owner }, views, submit: true, importFingerprint });
        created.push({ row: r.row, workId: work.id, titleZh: work.titleZh });
      } catch (e) {
        if (!isDomainError(e)) throw e;
        if (e.messageKey === "catalog.import.alreadyImported") {
          const workId = String(e.params.workId);
          const titleZh = String(e.params.title);
          alreadyImported.push({ row: r.row, workId, titleZh, message: translate(locale, e.messageKey, { title: titleZh }) });
          onProgress?.({ done: ++done, total });
          return;
        }
        const column: ImportColumn | null = e.messageKey.startsWith("imaging.") || /View|views|front/i.test(e.messageKey) ? "images" : null;
        problems.push(toProblem({ row: r.row, column, messageKey: e.messageKey, params: e.params }, locale));
      }
    }
    onProgress?.({ done: ++done, total });
  };
  let next = 0;
  let failed = false;
  const runners = Array.from({ length: Math.min(rows.length, importConcurrency()) }, async () => {
    while (!failed && next < rows.length) {
      const r = rows[next++]!;
      try {
        await importRow(r);
      } catch (e) {
        failed = true; // an unexpected error stops the import; the rows in flight finish first
        throw e;
      }
    }
  });
  const outcome = await Promise.allSettled(runners);
  const crash = outcome.find((o) => o.status === "rejected");
  if (crash) throw (crash as PromiseRejectedResult).reason;
  created.sort((a, b) => a.row - b.row);
  alreadyImported.sort((a, b) => a.row - b.row);

  if (created.length) {
    await prisma.$transaction(async (tx) => {
      await recordAuditEvent(tx, {
        actorId: userId,
        action: "catalog.imported",
        entityId: userId,
        data: { owner, rows: total, created: created.map((c) => c.workId), problems: problems.length },
      });
    });
  }
  problems.sort((a, b) => a.row - b.row);
  return { total, created, alreadyImported, problems };
}

function toProblem(issue: ImportIssue, locale: Locale): ImportProblem {
  return { row: issue.row, column: issue.column, message: issueMessage(issue, locale) };
}
