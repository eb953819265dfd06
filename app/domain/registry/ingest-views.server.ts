/**
 * The photos of a work on their way in: checks the set (1–8 views, a front view, known kinds),
 * then ingests each file. If one file is refused, the files already stored by this call are
 * removed again and the refusal is rethrown with the file's name, so nothing is left behind.
 */
import { DomainError, isDomainError } from "~/domain/errors";
import { ingestImage, type IngestedImage } from "~/domain/imaging/ingest-image.server";
import { MAX_VIEWS } from "./forms";
import { VIEW_KINDS, type ViewKind } from "./vocabulary";
import { discardIngested } from "./work-access.server";

export type ViewUpload = { kind: string; bytes: Uint8Array; originalName: string };
export type IngestedView = { kind: ViewKind; originalName: string; image: IngestedImage };

/** The kinds of the views a work will have after the change (existing + new). */
export function assertViewSet(kinds: readonly string[]): void {
  if (kinds.length === 0) throw new DomainError("BAD_INPUT", "works.error.noViews");
  if (kinds.length > MAX_VIEWS) throw new DomainError("BAD_INPUT", "works.error.tooManyViews", { max: MAX_VIEWS });
  for (const k of kinds) {
    if (!(VIEW_KINDS as readonly string[]).includes(k)) throw new DomainError("BAD_INPUT", "works.error.badViewKind");
  }
  if (!kinds.includes("front")) throw new DomainError("BAD_INPUT", "works.error.frontRequired");
}

export function safeOriginalName(name: string): string {
  // Only for display; never used as a path.
  return name.replace(/[\u0000-\u001f\u007f]/g, "").split(/[\\/]/).pop()!.slice(0, 200);
}

export async function ingestViews(dataDir: string, uploads: readonly ViewUpload[], existingSha256s: readonly string[] = []): Promise<IngestedView[]> {
  const done: IngestedView[] = [];
  const seen = new Set(existingSha256s);
  try {
    for (const u of uploads) {
      const originalName = safeOriginalName(u.originalName);
      let image: IngestedImage;
      try {
        image = await ingestImage({ dataDir, bytes: u.bytes });
      } catch (e) {
        if (isDomainError(e)) throw new DomainError(e.code, e.messageKey, { ...e.params, file: originalName });
        throw e;
      }
      done.push({ kind: u.kind as ViewKind, originalName, image });
      if (seen.has(image.sha256)) throw new DomainError("BAD_INPUT", "works.error.duplicateView", { file: originalName });
      seen.add(image.sha256);
    }
  } catch (e) {
    await discardIngested(dataDir, done.map((d) => d.image));
    throw e;
  }
  return done;
}
