import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { sendMail } from "~/utils/mailer.server";
import { caseViewerOf } from "./case-access.server";
import { writeEvidence } from "./add-evidence.server";
import { notifyCase } from "./case-notify.server";
import { asCaseStatus, isOpen } from "./case-state";
import { checkCaseLicense, type LicenseCheck } from "./check-case-license.server";
import { matchEvidencePhotos, removeStoredEvidence, storeEvidenceFiles, type EvidenceUpload } from "./evidence-files.server";
import { MAX_MESSAGE } from "./add-case-message.server";

/**
 * The accused party answers: a statement, counter-evidence and optionally a licence number,
 * which is checked at once against the exchange center's active licences; the result is
 * recorded with the answer so officers and the other parties see what was claimed and found.
 */
export async function answerCase({
  db,
  dataDir,
  actorId,
  caseId,
  body,
  licenseNumber = "",
  files = [],
  now = new Date(),
}: {
  db: PrismaClient;
  dataDir: string;
  actorId: string;
  caseId: string;
  body: string;
  licenseNumber?: string;
  files?: readonly EvidenceUpload[];
  now?: Date;
}): Promise<{ eventId: string; license: LicenseCheck | null }> {
  const text = body.trim();
  if (!text || text.length > MAX_MESSAGE) throw new DomainError("BAD_INPUT", "cases.form.messageLength", { max: MAX_MESSAGE });
  const kase0 = await db.infringementCase.findUnique({ where: { id: caseId } });
  if (!kase0) throw new DomainError("NOT_FOUND", "cases.error.notFound");
  const viewer = await caseViewerOf(db, kase0, { userId: actorId });
  if (!viewer.parties.includes("respondent")) {
    if (viewer.isOfficer || viewer.parties.length) throw new DomainError("FORBIDDEN", "cases.error.onlyRespondent");
    throw new DomainError("NOT_FOUND", "cases.error.notFound");
  }
  if (!isOpen(asCaseStatus(kase0.status))) throw new DomainError("CONFLICT", "cases.error.caseClosed");
  const license = licenseNumber.trim() ? await checkCaseLicense({ db, caseId, licenseNumber: licenseNumber.trim(), now }) : null;

  const stored = await storeEvidenceFiles(db, dataDir, files);
  try {
    const matched = await matchEvidencePhotos(stored);
    const { eventId, mails } = await db.$transaction(async (tx) => {
      const kase = await tx.infringementCase.findUniqueOrThrow({ where: { id: caseId } });
      if (!isOpen(asCaseStatus(kase.status))) throw new DomainError("CONFLICT", "cases.error.caseClosed");
      const me = await tx.user.findUniqueOrThrow({ where: { id: actorId }, select: { email: true } });
      const { rows } = await writeEvidence(tx, {
        caseId,
        stored,
        matched,
        uploadedById: actorId,
        uploaderEmail: me.email,
        party: "accused",
        description: "",
        now,
      });
      const event = await tx.caseEvent.create({
        data: {
          caseId,
          kind: "answer",
          actorId,
          actorParty: "accused",
          visibility: "parties",
          body: JSON.stringify({ text, license, evidenceIds: rows.map((r) => r.id) }),
          createdAt: now,
        },
      });
      await recordAuditEvent(tx, {
        actorId,
        action: "case.answered",
        entityId: caseId,
        data: { number: kase.number, license, evidence: rows.map((e) => ({ id: e.id, sha256: e.sha256 })) },
      });
      const mails = await notifyCase(tx, kase, { kind: "answered", audience: ["assignee", "owners", "reporter"], exceptUserId: actorId });
      return { eventId: event.id, mails };
    });
    for (const m of mails) await sendMail(m, { dataDir }).catch((e) => console.error("[cases] mail failed", e));
    return { eventId, license };
  } catch (e) {
    await removeStoredEvidence(db, dataDir, stored);
    throw e;
  }
}
