/**
 * The side-by-side evidence picture of a case's motif match (registered view | suspect photo,
 * matched region outlined, matching points joined), drawn from the stored files and the match's
 * recorded region and point pairs. The same inputs give the same JPEG bytes, so the picture in an
 * evidence package is the one shown on the case page.
 */
import { readFile } from "node:fs/promises";
import type { PrismaClient } from "@prisma/client";
import { storagePath } from "~/domain/imaging/ingest-image.server";
import { renderMotifEvidence } from "~/domain/imaging/motif/render-evidence.server";
import type { Point } from "~/domain/imaging/motif/motif-rules";

export async function renderCaseMatchPicture({
  db,
  dataDir,
  matchId,
  caseId,
}: {
  db: PrismaClient;
  dataDir: string;
  matchId: string;
  caseId: string;
}): Promise<Buffer | null> {
  const m = await db.caseMatch.findFirst({
    where: { id: matchId, caseId, method: "motif" },
    include: { view: { select: { sha256: true, width: true, height: true } }, evidence: { select: { storageKey: true } } },
  });
  if (!m || !m.region || !m.lines) return null;
  return renderMotifEvidence({
    dataDir,
    viewSha256: m.view.sha256,
    viewWidth: m.view.width,
    viewHeight: m.view.height,
    queryBytes: await readFile(storagePath(dataDir, m.evidence.storageKey)),
    region: JSON.parse(m.region) as Point[],
    lines: JSON.parse(m.lines) as [number, number, number, number][],
  });
}
