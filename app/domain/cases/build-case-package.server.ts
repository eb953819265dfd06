import { assertPermission } from "~/domain/access/roles.server";
import { readFile } from "node:fs/promises";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { storagePath } from "~/domain/imaging/ingest-image.server";
import { buildEvidencePackage, type EvidenceFileInput } from "./evidence-package.server";
import { renderCaseMatchPicture } from "./motif-match-picture.server";
import { createHash } from "node:crypto";
import { translate } from "~/utils/i18n";

/** a***@example.com: enough to tell reporters apart in a package that leaves the exchange center. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split("@");
  return domain ? `${local.slice(0, 1)}***@${domain}` : "***";
}

/**
 * The evidence package of a case (officers only): every evidence file with its recorded hash,
 * the party-visible timeline (internal notes stay out) and the case's audit events. The
 * manifest's SHA-256 is written to the audit log, pinning the package that was handed out.
 */
export async function buildCasePackage({
  db,
  dataDir,
  actorId,
  caseId,
  now = new Date(),
}: {
  db: PrismaClient;
  dataDir: string;
  actorId: string;
  caseId: string;
  now?: Date;
}) {
  await assertPermission(db, actorId, "case:handle");
  const kase = await db.infringementCase.findUnique({
    where: { id: caseId },
    include: {
      works: { include: { work: { select: { registrationNumber: true } } } },
      evidence: { orderBy: { createdAt: "asc" }, include: { uploadedBy: { select: { name: true } } } },
      events: { where: { visibility: "parties" }, orderBy: { createdAt: "asc" }, include: { actor: { select: { name: true } } } },
      notices: { orderBy: { sentAt: "asc" } },
    },
  });
  if (!kase) throw new DomainError("NOT_FOUND", "cases.error.notFound");
  const audit = await db.auditEvent.findMany({ where: { entityType: "case", entityId: caseId }, orderBy: { seq: "asc" } });
  // Motif matches (not dismissed) add their side-by-side picture, listed and hashed like any file.
  const pictures = await motifPictures(db, dataDir, caseId, now);
  const pkg = await buildEvidencePackage({
    case: {
      number: kase.number,
      status: kase.status,
      resolution: kase.resolution,
      platform: kase.platform,
      url: kase.url,
      sellerId: kase.sellerId,
      works: kase.works.map((w) => w.work.registrationNumber).sort(),
      reportedAt: kase.createdAt.toISOString(),
      decidedAt: kase.decidedAt?.toISOString() ?? null,
      notices: kase.notices.map((n) => ({ platform: n.platform, sha256: n.sha256, sentAt: n.sentAt.toISOString(), sentTo: n.sentTo })),
    },
    files: kase.evidence
      .map((e): EvidenceFileInput => ({
        storageKey: e.storageKey,
        sha256: e.sha256,
        sizeBytes: e.sizeBytes,
        mime: e.mime,
        uploadedAt: e.createdAt,
        uploader: `${e.uploaderParty}: ${e.uploadedBy?.name ?? maskEmail(e.uploaderEmail)}`,
        originalName: e.originalName || null,
        description: e.description || null,
        sourceUrl: e.uploaderParty === "reporter" ? kase.url || null : null,
      }))
      .concat(pictures.map((p) => p.file)),
    timeline: kase.events.map((ev) => ({
      at: ev.createdAt.toISOString(),
      kind: ev.kind,
      from: ev.fromStatus,
      to: ev.toStatus,
      party: ev.actorParty,
      actor: ev.actor?.name ?? null,
      body: safeJson(ev.body),
    })),
    audit: audit.map((a) => ({
      seq: a.seq,
      at: a.at.toISOString(),
      action: a.action,
      actorId: a.actorId,
      data: safeJson(a.data),
      prevHash: a.prevHash,
      hash: a.hash,
    })),
    readFile: async (key) => pictures.find((p) => p.file.storageKey === key)?.bytes ?? readFile(storagePath(dataDir, key)),
    generatedAt: now,
  });
  await db.$transaction(async (tx) => {
    await recordAuditEvent(tx, {
      actorId,
      action: "case.package_built",
      entityId: caseId,
      data: { number: kase.number, manifestSha256: pkg.manifestSha256, files: pkg.manifest.files.length },
    });
  });
  return { ...pkg, number: kase.number };
}

async function motifPictures(db: PrismaClient, dataDir: string, caseId: string, now: Date) {
  const matches = await db.caseMatch.findMany({
    where: { caseId, method: "motif", NOT: { review: "dismissed" } },
    orderBy: [{ inliers: "desc" }, { id: "asc" }],
    include: { work: { select: { registrationNumber: true } }, view: { select: { kind: true } }, evidence: { select: { sha256: true } } },
  });
  const out: { file: EvidenceFileInput; bytes: Uint8Array }[] = [];
  for (const m of matches) {
    const bytes = await renderCaseMatchPicture({ db, dataDir, matchId: m.id, caseId });
    if (!bytes) continue;
    const params = { number: m.work.registrationNumber ?? "", view: m.view.kind, sha256: m.evidence.sha256, inliers: m.inliers ?? 0 };
    out.push({
      bytes,
      file: {
        storageKey: `motif-picture:${m.id}`,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        sizeBytes: bytes.byteLength,
        mime: "image/jpeg",
        uploadedAt: now,
        uploader: "Kilnmark motif matcher",
        originalName: `motif-match-${m.work.registrationNumber ?? m.workId}.jpg`,
        description: `${translate("zh-CN", "motif.package.description", params)} / ${translate("en", "motif.package.description", params)}`,
      },
    });
  }
  return out;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
