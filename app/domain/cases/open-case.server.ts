import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { normalizeRegistrationNumber } from "~/domain/registry/registration-number";
import { nextInYear } from "~/domain/numbering/yearly-sequence.server";
import { chinaYear } from "~/domain/time/china-time";
import type { Tx } from "~/utils/db.server";
import { translate, type Locale } from "~/utils/i18n";
import { sendMail, type MailMessage } from "~/utils/mailer.server";
import { newFollowToken } from "./case-access.server";
import { writeEvidence } from "./add-evidence.server";
import { caseLink, notifyCase } from "./case-notify.server";
import { checkEmailCode, consumeEmailCode, normalizeEmail } from "./email-code.server";
import { matchEvidencePhotos, removeStoredEvidence, storeEvidenceFiles, type EvidenceUpload } from "./evidence-files.server";
import { OPEN_CASE_STATUSES } from "./open-statuses";
import { formatCaseNumber, platformSchema, reporterStandingSchema } from "./platforms";
import { CASE_SLA, workingDayDeadline } from "./sla";

export type CaseReporter = { kind: "user"; userId: string } | { kind: "email"; email: string; name?: string; code: string };

const MAX_CASE_WORKS = 10;

/** Next number of the China calendar year, from the yearly sequence inside the creating transaction (a rolled-back report takes none). */
async function nextCaseNumber(tx: Tx, now: Date): Promise<string> {
  const year = chinaYear(now);
  return formatCaseNumber(year, await nextInYear(tx, "case", year));
}

/**
 * Anyone reports a suspected copy: the case, its immutable evidence items, the automatic
 * matches of every suspect photo against registered views, the owners' notifications and the
 * audit event are written in one transaction; files stored before it are removed if it fails.
 * An anonymous reporter gets a secret follow link (only its hash is stored).
 */
export async function openCase({
  db,
  dataDir,
  reporter,
  registrationNumbers,
  platform: platformInput,
  url = "",
  sellerId = "",
  description,
  standing: standingInput,
  files,
  locale = "zh-CN",
  origin = "",
  now = new Date(),
}: {
  db: PrismaClient;
  dataDir: string;
  reporter: CaseReporter;
  registrationNumbers: readonly string[];
  platform: string;
  url?: string;
  sellerId?: string;
  description: string;
  standing: string;
  files: readonly EvidenceUpload[];
  locale?: Locale;
  /** Scheme and host for links in mails, e.g. https://kilnmark.example */
  origin?: string;
  now?: Date;
}): Promise<{ id: string; number: string; followToken: string | null; matchCount: number }> {
  const platform = platformSchema.parse(platformInput);
  const standing = reporterStandingSchema.parse(standingInput);
  const text = description.trim();
  if (text.length < 10 || text.length > 5000) throw new DomainError("BAD_INPUT", "cases.form.descriptionLength");
  const numbers = [
    ...new Set(
      registrationNumbers
        .filter((n) => n.trim())
        .map((n) => {
          const normal = normalizeRegistrationNumber(n);
          if (!normal) throw new DomainError("BAD_INPUT", "works.registrationNumber.invalid");
          return normal;
        }),
    ),
  ];
  if (numbers.length > MAX_CASE_WORKS) throw new DomainError("BAD_INPUT", "cases.error.tooManyWorks", { max: MAX_CASE_WORKS });

  // Who reports.
  let reporterId: string | null = null;
  let reporterEmail: string;
  let reporterName = "";
  let codeId: string | null = null;
  if (reporter.kind === "user") {
    const u = await db.user.findUnique({ where: { id: reporter.userId } });
    if (!u || u.disabledAt) throw new DomainError("FORBIDDEN", "cases.error.forbidden");
    reporterId = u.id;
    reporterEmail = u.email;
    reporterName = u.name;
  } else {
    reporterEmail = normalizeEmail(reporter.email);
    reporterName = (reporter.name ?? "").trim().slice(0, 120);
    codeId = await checkEmailCode({ db, email: reporterEmail, purpose: "case-report", code: reporter.code, now });
  }

  // Which works: the ones named, all registered.
  const named = numbers.length
    ? await db.work.findMany({ where: { registrationNumber: { in: numbers }, status: "registered" }, select: { id: true, registrationNumber: true } })
    : [];
  for (const n of numbers) {
    if (!named.some((w) => w.registrationNumber === n)) throw new DomainError("NOT_FOUND", "cases.error.workNotFound", { number: n });
  }
  if (!files.length && !named.length) throw new DomainError("BAD_INPUT", "cases.error.noWork");

  const stored = await storeEvidenceFiles(db, dataDir, files);
  try {
    const matched = await matchEvidencePhotos(stored);
    const workIds = new Set(named.map((w) => w.id));
    // "Find it for me": with no work named, the registered works the photos match (same or
    // similar: a listing photo is usually cropped and recompressed) are the case's works; an
    // officer confirms them at triage.
    if (!workIds.size) for (const m of matched) for (const v of m.matches) workIds.add(v.workId);
    if (!workIds.size) throw new DomainError("UNPROCESSABLE", "cases.error.noWork");

    const normalizedUrl = url.trim();
    const duplicate = await db.infringementCase.findFirst({
      where: {
        status: { in: [...OPEN_CASE_STATUSES] },
        reporterEmail,
        works: { some: { workId: { in: [...workIds] } } },
        OR: [
          ...(normalizedUrl ? [{ url: normalizedUrl }] : []),
          ...(stored.length ? [{ evidence: { some: { sha256: { in: stored.map((s) => s.sha256) } } } }] : []),
        ],
      },
      select: { number: true },
    });
    if (duplicate && (normalizedUrl || stored.length)) throw new DomainError("CONFLICT", "cases.error.duplicate", { number: duplicate.number });

    const follow = reporterId ? null : newFollowToken();
    let mails: MailMessage[] = [];
    const created = await db.$transaction(async (tx) => {
      if (codeId) await consumeEmailCode(tx, codeId, now);
      const number = await nextCaseNumber(tx, now);
      const kase = await tx.infringementCase.create({
        data: {
          number,
          status: "reported",
          reporterId,
          reporterEmail,
          reporterName,
          reporterStanding: standing,
          accessTokenHash: follow?.hash ?? null,
          platform,
          url: normalizedUrl.slice(0, 2000),
          sellerId: sellerId.trim().slice(0, 200),
          description: text,
          triageDueAt: workingDayDeadline(now, CASE_SLA.triageWorkingDays),
          decisionDueAt: workingDayDeadline(now, CASE_SLA.decisionWorkingDays),
          createdAt: now,
          works: { create: [...workIds].map((workId) => ({ workId })) },
        },
      });
      const { rows: evidence, matches: matchCount } = await writeEvidence(tx, {
        caseId: kase.id,
        stored,
        matched,
        uploadedById: reporterId,
        uploaderEmail: reporterEmail,
        party: "reporter",
        description: "",
        now,
      });
      await tx.caseEvent.create({
        data: { caseId: kase.id, kind: "transition", toStatus: "reported", actorId: reporterId, actorParty: "reporter", visibility: "parties", createdAt: now },
      });
      const registration = await tx.work.findMany({ where: { id: { in: [...workIds] } }, select: { registrationNumber: true } });
      await recordAuditEvent(tx, {
        actorId: reporterId,
        action: "case.reported",
        entityId: kase.id,
        data: {
          number,
          standing,
          platform,
          url: kase.url,
          works: registration.map((w) => w.registrationNumber).sort(),
          reporter: reporterId ? { userId: reporterId } : { email: reporterEmail, emailConfirmed: true },
          evidence: evidence.map((e) => ({ id: e.id, sha256: e.sha256, sizeBytes: e.sizeBytes, mime: e.mime })),
          matches: matchCount,
        },
      });
      mails = await notifyCase(tx, kase, { kind: "reported", audience: ["owners"], exceptUserId: reporterId });
      return { id: kase.id, number, matchCount };
    });
    if (follow) {
      const params = { number: created.number, link: `${origin}${caseLink(created.number)}?t=${follow.token}` };
      mails.push({
        to: reporterEmail,
        kind: "case.reported.receipt",
        subject: translate(locale, "cases.mail.receipt.subject", params),
        text: translate(locale, "cases.mail.receipt.body", params),
      });
    }
    for (const m of mails) await sendMail(m, { dataDir }).catch((e) => console.error("[cases] mail failed", e));
    return { ...created, followToken: follow?.token ?? null };
  } catch (e) {
    await removeStoredEvidence(db, dataDir, stored);
    throw e;
  }
}
