/**
 * Everything one viewer may see of a case, shaped for the case pages. Internal notes, the
 * reporter's identity and sealed works' details are filtered here, on the server.
 */
import type { PrismaClient } from "@prisma/client";
import { DomainError } from "~/domain/errors";
import { redactWork } from "~/domain/access/sealed-work";
import { managedWorkIds, managesWork } from "~/domain/access/work-managers.server";
import { caseViewerOf, canSeeCase, partyActor, type CaseViewer } from "./case-access.server";
import { availableEvents, RESOLUTIONS_BY_STATUS, type CaseEventType } from "./case-state";
import { slaStatus } from "./sla";
import { caseStateOf } from "./transition-case.server";
import { maskEmail } from "./build-case-package.server";
import { compareMatches } from "~/domain/imaging/motif/motif-rules";

function parseBody(s: string): Record<string, unknown> {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : { text: String(v) };
  } catch {
    return { text: s };
  }
}

export async function getCaseView({
  db,
  number,
  userId,
  followToken,
  now = new Date(),
}: {
  db: PrismaClient;
  number: string;
  userId: string | null;
  followToken?: string | null;
  now?: Date;
}) {
  const kase = await db.infringementCase.findUnique({
    where: { number },
    include: {
      works: { include: { work: { select: { id: true, registrationNumber: true, titleZh: true, titleEn: true, ownerName: true, visibility: true } } } },
      evidence: { orderBy: { createdAt: "asc" }, include: { uploadedBy: { select: { name: true } } } },
      matches: {
        orderBy: [{ distance: "asc" }],
        include: {
          work: { select: { id: true, registrationNumber: true, titleZh: true, titleEn: true, ownerName: true, visibility: true } },
          view: { select: { kind: true } },
        },
      },
      events: { orderBy: { createdAt: "asc" }, include: { actor: { select: { name: true } } } },
      notices: { orderBy: { sentAt: "asc" }, include: { sentBy: { select: { name: true } } } },
      assignee: { select: { id: true, name: true } },
      accused: { select: { id: true, name: true, email: true } },
      reporter: { select: { name: true } },
    },
  });
  if (!kase) throw new DomainError("NOT_FOUND", "cases.error.notFound");
  const viewer: CaseViewer = await caseViewerOf(db, kase, { userId, followToken });
  if (!canSeeCase(viewer)) throw new DomainError("NOT_FOUND", "cases.error.notFound");
  const officer = viewer.isOfficer;
  const managed = await managedWorkIds(db, userId, kase.matches.map((m) => m.workId).concat(kase.works.map((w) => w.workId)));
  const face = (work: { id: string; visibility: string; registrationNumber: string | null; ownerName: string; titleZh: string; titleEn: string }) =>
    redactWork(work, "caseView", { isOfficer: officer, managesWork: managed.has(work.id) });
  const state = caseStateOf(kase);
  const ctx = { now, decidedAt: kase.decidedAt };
  const officerEvents: CaseEventType[] = officer
    ? availableEvents(state, { ...ctx, actor: "officer" }).filter((e) => e !== "provide_info" && e !== "appeal")
    : [];
  const partyEvents: CaseEventType[] = viewer.parties.length ? availableEvents(state, { ...ctx, actor: partyActor(viewer) }) : [];
  const seeReporter = officer || viewer.parties.includes("reporter");
  const sla = slaStatus(
    {
      reportedAt: kase.createdAt,
      triagedAt:
        kase.events.find(
          (e) =>
            e.kind === "transition" && e.fromStatus && ["reported", "triage"].includes(e.fromStatus) && e.toStatus !== "triage" && e.toStatus !== "reported",
        )?.createdAt ?? null,
      decidedAt: kase.decidedAt,
      reopenedAt: [...kase.events].reverse().find((e) => e.kind === "transition" && e.fromStatus === "resolved")?.createdAt ?? null,
    },
    now,
  );

  return {
    viewer: { isOfficer: officer, parties: viewer.parties },
    case: {
      id: kase.id,
      number: kase.number,
      status: kase.status,
      resolution: kase.resolution,
      platform: kase.platform,
      url: kase.url,
      sellerId: kase.sellerId,
      description: kase.description,
      standing: kase.reporterStanding,
      createdAt: kase.createdAt,
      decidedAt: kase.decidedAt,
      appealUntil: kase.appealUntil,
      triageDueAt: kase.triageDueAt,
      decisionDueAt: kase.decisionDueAt,
      reporter: seeReporter
        ? { name: kase.reporter?.name ?? kase.reporterName, email: officer ? kase.reporterEmail : maskEmail(kase.reporterEmail), hasAccount: !!kase.reporterId }
        : viewer.parties.includes("owner")
          ? { name: kase.reporter?.name ?? kase.reporterName, email: null, hasAccount: !!kase.reporterId }
          : null,
      assignee: officer ? kase.assignee : null,
      accused: officer ? kase.accused : kase.accused ? { id: kase.accused.id, name: kase.accused.name, email: null } : null,
    },
    sla: {
      triage: { status: sla.triage.status, dueAt: sla.triage.dueAt, done: !!sla.triage.completedAt },
      decision: { status: sla.decision.status, dueAt: sla.decision.dueAt, done: !!sla.decision.completedAt },
    },
    works: kase.works.map(({ work, disputesOwnership }) => ({
      id: work.id,
      /** Internal: only officers learn whether the case disputes the work's ownership. */
      disputesOwnership: officer ? disputesOwnership : false,
      registrationNumber: work.registrationNumber,
      sealed: face(work).sealed,
      title: face(work).title,
      ownerName: face(work).ownerName,
    })),
    evidence: kase.evidence.map((e) => ({
      id: e.id,
      sha256: e.sha256,
      sizeBytes: e.sizeBytes,
      mime: e.mime,
      isImage: e.mime.startsWith("image/"),
      originalName: e.originalName,
      description: e.description,
      createdAt: e.createdAt,
      party: e.uploaderParty,
      uploader: officer ? (e.uploadedBy?.name ?? maskEmail(e.uploaderEmail)) : null,
    })),
    // Same image first, then motif matches by score, then similar (as /verify orders them).
    matches: kase.matches
      .map((m) => ({
        id: m.id,
        evidenceId: m.evidenceId,
        registrationNumber: m.work.registrationNumber,
        sealed: face(m.work).sealed,
        title: face(m.work).title,
        showView: face(m.work).revealed,
        viewKind: m.view.kind,
        distance: m.distance,
        verdict: m.verdict as "same" | "similar" | "motif",
        method: m.method,
        inliers: m.inliers,
        /** a side-by-side evidence picture exists (motif matches) */
        picture: m.method === "motif" && m.region !== null,
        review: m.review as "confirmed" | "dismissed" | null,
        reviewedAt: officer ? m.reviewedAt : null,
      }))
      .sort(compareMatches),
    timeline: kase.events
      .filter((e) => officer || e.visibility === "parties")
      .map((e) => ({
        id: e.id,
        kind: e.kind,
        from: e.fromStatus,
        to: e.toStatus,
        party: e.actorParty,
        actor: officer || e.actorParty === "officer" ? (e.actor?.name ?? null) : null,
        internal: e.visibility === "internal",
        body: parseBody(e.body),
        at: e.createdAt,
      })),
    notices: kase.notices.map((n) => ({
      id: n.id,
      platform: n.platform,
      sha256: n.sha256,
      sentAt: n.sentAt,
      sentTo: officer ? n.sentTo : null,
      sentBy: n.sentBy.name,
    })),
    officerEvents,
    resolutions: officer ? RESOLUTIONS_BY_STATUS[state.status] : [],
    partyEvents: partyEvents.filter((e) => e === "appeal" || e === "provide_info"),
  };
}

export type CaseView = Awaited<ReturnType<typeof getCaseView>>;

/** May this viewer load this evidence file / this registered view's image? */
async function caseFileAccess({ db, number, userId, followToken }: { db: PrismaClient; number: string; userId: string | null; followToken?: string | null }) {
  const kase = await db.infringementCase.findUnique({ where: { number } });
  if (!kase) return null;
  const viewer = await caseViewerOf(db, kase, { userId, followToken });
  if (!canSeeCase(viewer)) return null;
  return { kase, viewer };
}

/** An evidence file of a case the viewer may see (parties and officers); null → 404. */
export async function caseEvidenceForViewer({
  db,
  number,
  evidenceId,
  userId,
  followToken,
}: {
  db: PrismaClient;
  number: string;
  evidenceId: string;
  userId: string | null;
  followToken?: string | null;
}) {
  const access = await caseFileAccess({ db, number, userId, followToken });
  if (!access) return null;
  const evidence = await db.evidence.findFirst({ where: { id: evidenceId, caseId: access.kase.id } });
  return evidence ? { ...access, evidence } : null;
}

/**
 * A match of a case the viewer may see, with its registered view: the case's parties and
 * officers, and for a sealed work only officers and the work's managers (the sealed rule's
 * "caseView" surface). null → the same 404 as a missing case.
 */
export async function caseMatchForViewer({
  db,
  number,
  matchId,
  userId,
  followToken,
  motifOnly = false,
}: {
  db: PrismaClient;
  number: string;
  matchId: string;
  userId: string | null;
  followToken?: string | null;
  motifOnly?: boolean;
}) {
  const access = await caseFileAccess({ db, number, userId, followToken });
  if (!access) return null;
  const match = await db.caseMatch.findFirst({
    where: { id: matchId, caseId: access.kase.id, ...(motifOnly ? { method: "motif" } : {}) },
    include: {
      view: { select: { sha256: true } },
      work: { select: { id: true, visibility: true, registrationNumber: true, ownerName: true, titleZh: true, titleEn: true } },
    },
  });
  if (!match) return null;
  const managesIt = userId ? await managesWork(db, userId, match.work.id) : false;
  if (!redactWork(match.work, "caseView", { isOfficer: access.viewer.isOfficer, managesWork: managesIt }).revealed) return null;
  return { ...access, match };
}
