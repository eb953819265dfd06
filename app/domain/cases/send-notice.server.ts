import { assertPermission } from "~/domain/access/roles.server";
import { createHash } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { removeIngested, storeOriginalBytes } from "~/domain/imaging/ingest-image.server";
import { sendMail, type MailMessage } from "~/utils/mailer.server";
import { noticePdf } from "./notice-pdf.server";
import { platformSchema } from "./platforms";
import { applyCaseTransition, MAX_REASON } from "./transition-case.server";

/**
 * An officer records that a takedown notice was sent to a platform: the exact PDF is stored
 * (content-addressed; its SHA-256 is on the Notice row), and the case moves to "notice sent"
 * (a further notice to another platform while already there is recorded without a transition).
 */
export async function sendNotice({
  db,
  dataDir,
  actorId,
  caseId,
  platform: platformInput,
  sentTo = "",
  reason,
  origin,
  now = new Date(),
}: {
  db: PrismaClient;
  dataDir: string;
  actorId: string;
  caseId: string;
  platform: string;
  sentTo?: string;
  reason: string;
  origin: string;
  now?: Date;
}) {
  await assertPermission(db, actorId, "case:handle");
  const platform = platformSchema.parse(platformInput);
  const text = reason.trim();
  if (text.length < 2 || text.length > MAX_REASON) throw new DomainError("BAD_INPUT", "cases.form.reasonRequired");
  const officer = await db.user.findUniqueOrThrow({ where: { id: actorId }, select: { name: true } });
  const to = sentTo.trim().slice(0, 300);
  const pdf = await noticePdf({ db, caseId, platform, sentTo: to, officerName: officer.name, origin, now });
  const sha256 = createHash("sha256").update(pdf).digest("hex");
  const stored = await storeOriginalBytes({ dataDir, bytes: pdf, sha256 });
  let mails: MailMessage[] = [];
  try {
    const notice = await db.$transaction(async (tx) => {
      const kase = await tx.infringementCase.findUnique({ where: { id: caseId } });
      if (!kase) throw new DomainError("NOT_FOUND", "cases.error.notFound");
      if (kase.status !== "notice_sent") {
        mails = (await applyCaseTransition(tx, kase, { type: "send_notice" }, { actor: "officer", actorId, reason: text, now })).mails;
      }
      const notice = await tx.notice.create({ data: { caseId, platform, sha256, sentById: actorId, sentTo: to, sentAt: now } });
      await tx.caseEvent.create({
        data: {
          caseId,
          kind: "notice",
          actorId,
          actorParty: "officer",
          visibility: "parties",
          body: JSON.stringify({ noticeId: notice.id, platform, sha256, text }),
          createdAt: now,
        },
      });
      await recordAuditEvent(tx, {
        actorId,
        action: "case.notice_recorded",
        entityId: caseId,
        data: { number: kase.number, noticeId: notice.id, platform, sentTo: to, sha256 },
      });
      return notice;
    });
    for (const m of mails) await sendMail(m, { dataDir }).catch((e) => console.error("[cases] mail failed", e));
    return notice;
  } catch (e) {
    await removeIngested(dataDir, stored, { isReferenced: async () => (await db.notice.count({ where: { sha256 } })) > 0 });
    throw e;
  }
}
