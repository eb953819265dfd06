/**
 * Evidence files on disk: photos and screenshots go through the imaging pipeline (validated,
 * content-addressed original + display derivatives, PDQ hashes for matching); PDFs (saved
 * listing pages, receipts) are checked by signature and stored under the same content address.
 * Everything is written before the database transaction; `removeStoredEvidence` undoes exactly
 * what these calls created if the transaction fails.
 */
import { createHash } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { DomainError } from "~/domain/errors";
import { ingestImage, removeIngested, storeOriginalBytes } from "~/domain/imaging/ingest-image.server";
import { findMatchingViews, type ViewMatch } from "~/domain/registry/find-matching-views.server";
import { readFile } from "node:fs/promises";
import { storagePath } from "~/domain/imaging/ingest-image.server";
import { extractQueryFeatures } from "~/domain/imaging/motif/extract-features.server";
import { compareMatches } from "~/domain/imaging/motif/motif-rules";
import { findMotifMatches, type MotifViewMatch } from "~/domain/registry/find-motif-matches.server";
import { getEnv } from "~/utils/env.server";

import { MAX_EVIDENCE_FILES } from "./forms";

/** Defined in forms.ts: the report and case pages show it in the browser too. */
export { MAX_EVIDENCE_FILES };
const MAX_PDF_BYTES = 20 * 1024 * 1024;

export type EvidenceUpload = { bytes: Uint8Array; name: string };

export type StoredEvidence = {
  sha256: string;
  sizeBytes: number;
  mime: string;
  storageKey: string;
  originalName: string;
  /** PDQ variants of a photo; null for a PDF. */
  pdqDihedral: string[] | null;
  created: string[];
};

const isPdf = (b: Uint8Array) => b.length >= 5 && Buffer.from(b.subarray(0, 5)).toString("latin1") === "%PDF-";

export function safeOriginalName(name: string): string {
  // Only for display and the package manifest; never used as a path.
  return name
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f/\\]/g, "_")
    .slice(0, 200);
}

async function storeOne(dataDir: string, upload: EvidenceUpload): Promise<StoredEvidence> {
  if (upload.bytes.length === 0) throw new DomainError("BAD_INPUT", "imaging.error.empty");
  const originalName = safeOriginalName(upload.name);
  if (isPdf(upload.bytes)) {
    if (upload.bytes.length > MAX_PDF_BYTES) {
      throw new DomainError("TOO_LARGE", "cases.error.pdfTooLarge", { maxMb: MAX_PDF_BYTES / 1024 / 1024 });
    }
    const sha256 = createHash("sha256").update(upload.bytes).digest("hex");
    const stored = await storeOriginalBytes({ dataDir, bytes: upload.bytes, sha256 });
    return { sha256, sizeBytes: upload.bytes.length, mime: "application/pdf", originalName, pdqDihedral: null, ...stored };
  }
  // Evidence is not on a hot path: its derivatives are written now and undone with the rest.
  const img = await ingestImage({ dataDir, bytes: upload.bytes, renditions: "now" });
  return {
    sha256: img.sha256,
    sizeBytes: img.sizeBytes,
    mime: img.mime,
    storageKey: img.storageKey,
    originalName,
    pdqDihedral: img.pdqDihedral,
    created: img.created,
  };
}

export async function storeEvidenceFiles(db: PrismaClient, dataDir: string, uploads: readonly EvidenceUpload[]): Promise<StoredEvidence[]> {
  if (uploads.length > MAX_EVIDENCE_FILES) throw new DomainError("BAD_INPUT", "cases.error.tooManyFiles", { max: MAX_EVIDENCE_FILES });
  const stored: StoredEvidence[] = [];
  try {
    for (const u of uploads) stored.push(await storeOne(dataDir, u));
  } catch (e) {
    await removeStoredEvidence(db, dataDir, stored);
    throw e;
  }
  return stored;
}

/** After a failed transaction: delete the files these uploads created, unless something committed meanwhile refers to them. */
export async function removeStoredEvidence(db: PrismaClient, dataDir: string, stored: readonly StoredEvidence[]): Promise<void> {
  const isReferenced = async (key: string) => {
    const sha = /([0-9a-f]{64})/.exec(key)?.[1];
    if (!sha) return false;
    const [e, v] = await Promise.all([db.evidence.count({ where: { sha256: sha } }), db.workView.count({ where: { sha256: sha } })]);
    return e + v > 0;
  };
  for (const s of stored) await removeIngested(dataDir, s, { isReferenced });
}

type EvidenceMatch = ViewMatch | MotifViewMatch;

/**
 * Registered views each stored photo matches: PDQ over the 8 dihedral variants (nearest first),
 * then the local-feature matcher's motif matches (highest score first) for views PDQ did not
 * already call the same image. If the motif engine fails, the report is still filed with the PDQ
 * matches (the failure is logged).
 */
export async function matchEvidencePhotos(
  stored: readonly StoredEvidence[],
  dataDir = getEnv().DATA_DIR,
): Promise<Array<{ index: number; matches: EvidenceMatch[] }>> {
  const out: Array<{ index: number; matches: EvidenceMatch[] }> = [];
  for (const [index, s] of stored.entries()) {
    if (!s.pdqDihedral) continue;
    const matches: EvidenceMatch[] = await findMatchingViews({ pdqDihedral: s.pdqDihedral, registeredOnly: true, limit: 20 });
    try {
      const query = await extractQueryFeatures(await readFile(storagePath(dataDir, s.storageKey)));
      const motif = await findMotifMatches({ query, pdqDihedral: s.pdqDihedral, registeredOnly: true, limit: 10, exhaustive: true });
      const same = new Set(matches.filter((m) => m.verdict === "same").map((m) => m.viewId));
      // Beside a PDQ "similar" the motif match is kept too: it brings the matched region and points.
      for (const m of motif.matches) if (!same.has(m.viewId)) matches.push(m);
      matches.sort(compareMatches);
    } catch (e) {
      console.error(`[cases] motif matching of evidence ${s.sha256} failed:`, e instanceof Error ? e.message : e);
    }
    out.push({ index, matches });
  }
  return out;
}
