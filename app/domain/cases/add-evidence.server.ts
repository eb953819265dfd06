import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/utils/db.server";
import { caseViewerOf, canSeeCase, partyActor, storedParty } from "./case-access.server";
import { notifyCase } from "./case-notify.server";
import { matchEvidencePhotos, removeStoredEvidence, storeEvidenceFiles, type EvidenceUpload, type StoredEvidence } from "./evidence-files.server";
import { asCaseStatus, isOpen } from "./case-state";

/**
 * Writes evidence items for stored files inside the caller's transaction, with the automatic
 * matches of every photo. Evidence rows are never updated or deleted afterwards: a correction
 * is a new item (with a description saying what it corrects).
 */
export async function writeEvidence(
  tx: Tx,
  args: {
    caseId: string;
    stored: readonly StoredEvidence[];
    matched: Awaited<ReturnType<typeof matchEvidencePhotos>>;
    uploadedById: string | null;
    uploaderEmail: string;
    party: string;
    description: string;
    now: Date;
  },
) {
  const rows = [];
  for (const s of args.stored) {
    rows.push(
      await tx.evidence.create({
        data: {
          caseId: args.caseId,
          sha256: s.sha256,
          sizeBytes: s.sizeBytes,
          mime: s.mime,
          storageKey: s.storageKey,
          originalName: s.originalName,
          description: args.description,
          uploadedById: args.uploadedById,
          uploaderEmail: args.uploaderEmail,
          uploaderParty: args.party,
          createdAt: args.now,
        },
      }),
    );
  }
  let matches = 0;
  for (const m of args.matched) {
    for (const v of m.matches) {
      const motif =
        v.verdict === "motif"
          ? { inliers: v.inliers, region: JSON.stringify(v.region), lines: JSON.stringify(v.lines.map((l) => l.map((n) => Math.round(n * 10) / 10))) }
          : {};
      await tx.caseMatch.create({
        data: {
          caseId: args.caseId,
          evidenceId: rows[m.index].id,
          workId: v.workId,
          viewId: v.viewId,
          method: v.verdict === "motif" ? "motif" : "pdq",
          distance: v.distance,
          verdict: v.verdict,
          ...motif,
        },
      });
      matches++;
    }
  }
  return { rows, matches };
}

/** A party or an officer adds evidence (photos, screenshots, PDFs) to an open case. */
export async function addEvidence({
  db,
  dataDir,
  actorId,
  followToken,
  caseId,
  files,
  description = "",
  now = new Date(),
}: {
  db: PrismaClient;
  dataDir: string;
  actorId: string | null;
  followToken?: string | null;
  caseId: string;
  files: readonly EvidenceUpload[];
  description?: string;
  now?: Date;
}) {
  if (!files.length) throw new DomainError("BAD_INPUT", "cases.error.noFiles");
  const kase0 = await db.infringementCase.findUnique({ where: { id: caseId } });
  if (!kase0) throw new DomainError("NOT_FOUND", "cases.error.notFound");
  const viewer0 = await caseViewerOf(db, kase0, { userId: actorId, followToken });
  if (!canSeeCase(viewer0)) throw new DomainError("NOT_FOUND", "cases.error.notFound");
  if (!isOpen(asCaseStatus(kase0.status))) throw new DomainError("CONFLICT", "cases.error.caseClosed");

  const stored = await storeEvidenceFiles(db, dataDir, files);
  try {
    const matched = await matchEvidencePhotos(stored);
    return await db.$transaction(async (tx) => {
      const kase = await tx.infringementCase.findUniqueOrThrow({ where: { id: caseId } });
      if (!isOpen(asCaseStatus(kase.status))) throw new DomainError("CONFLICT", "cases.error.caseClosed");
      const viewer = await caseViewerOf(tx, kase, { userId: actorId, followToken });
      const party = viewer.isOfficer && !viewer.parties.length ? "officer" : storedParty(partyActor(viewer));
      const email = actorId ? (await tx.user.findUniqueOrThrow({ where: { id: actorId }, select: { email: true } })).email : kase.reporterEmail;
      const { rows, matches } = await writeEvidence(tx, {
        caseId,
        stored,
        matched,
        uploadedById: actorId,
        uploaderEmail: email,
        party,
        description: description.trim().slice(0, 1000),
        now,
      });
      await tx.caseEvent.create({
        data: {
          caseId,
          kind: "evidence",
          actorId,
          actorParty: party,
          visibility: "parties",
          body: JSON.stringify({ evidenceIds: rows.map((r) => r.id), text: description.trim().slice(0, 1000) }),
          createdAt: now,
        },
      });
      await recordAuditEvent(tx, {
        actorId,
        action: "case.evidence_added",
        entityId: caseId,
        data: { number: kase.number, party, evidence: rows.map((e) => ({ id: e.id, sha256: e.sha256, sizeBytes: e.sizeBytes, mime: e.mime })), matches },
      });
      await notifyCase(tx, kase, { kind: "evidence", audience: ["assignee"], exceptUserId: actorId });
      return rows;
    });
  } catch (e) {
    await removeStoredEvidence(db, dataDir, stored);
    throw e;
  }
}
