/**
 * The photos of a work on their way in: checks the set (1–8 views, a front view, known kinds),
 * then ingests the files. If one file is refused, the files stored by this call are removed
 * again and the refusal is rethrown with the file's name, so nothing is left behind.
 */
import { DomainError, isDomainError } from "~/domain/errors";
import { ingestImage, type IngestedImage } from "~/domain/imaging/ingest-image.server";
import { MAX_VIEWS } from "./forms";
import { enumValue } from "~/domain/enum-column";
import { isViewKind, type ViewKind } from "./vocabulary";
import { discardIngested } from "./work-access.server";

export type ViewUpload = { kind: string; bytes: Uint8Array; originalName: string };
export type IngestedView = { kind: ViewKind; originalName: string; image: IngestedImage };

/** The kinds of the views a work will have after the change (existing + new). */
export function assertViewSet(kinds: readonly string[]): void {
  if (kinds.length === 0) throw new DomainError("BAD_INPUT", "works.error.noViews");
  if (kinds.length > MAX_VIEWS) throw new DomainError("BAD_INPUT", "works.error.tooManyViews", { max: MAX_VIEWS });
  for (const k of kinds) {
    if (!isViewKind(k)) throw new DomainError("BAD_INPUT", "works.error.badViewKind");
  }
  if (!kinds.includes("front")) throw new DomainError("BAD_INPUT", "works.error.frontRequired");
}

export function safeOriginalName(name: string): string {
  // Only for display; never used as a path.
  return name
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .split(/[\\/]/)
    .pop()!
    .slice(0, 200);
}

/**
 * All files are ingested at once: the imaging pool decodes as many as it has cores and queues
 * the rest. The first refusal in upload order is reported; every file stored by this call is
 * removed again (they are all settled first, so none is still being written).
 */
export async function ingestViews(dataDir: string, uploads: readonly ViewUpload[], existingSha256s: readonly string[] = []): Promise<IngestedView[]> {
  const settled = await Promise.allSettled(uploads.map((u) => ingestImage({ dataDir, bytes: u.bytes })));
  const done: IngestedView[] = [];
  for (let i = 0; i < settled.length; i++) {
    const r = settled[i]!;
    if (r.status === "fulfilled")
      done.push({ kind: enumValue(isViewKind, uploads[i]!.kind, "view kind"), originalName: safeOriginalName(uploads[i]!.originalName), image: r.value });
  }
  try {
    const seen = new Set(existingSha256s);
    for (let i = 0; i < settled.length; i++) {
      const r = settled[i]!;
      const originalName = safeOriginalName(uploads[i]!.originalName);
      if (r.status === "rejected") {
        const e = r.reason;
        if (isDomainError(e)) throw new DomainError(e.code, e.messageKey, { ...e.params, file: originalName });
        throw e;
      }
      if (seen.has(r.value.sha256)) throw new DomainError("BAD_INPUT", "works.error.duplicateView", { file: originalName });
      seen.add(r.value.sha256);
    }
  } catch (e) {
    await discardIngested(
      dataDir,
      done.map((d) => d.image),
    );
    throw e;
  }
  return done;
}
