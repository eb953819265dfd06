import { assertPermission } from "~/domain/access/roles.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { issueRegistrationCertificate } from "~/domain/anchoring/issue-certificates.server";
import { DomainError } from "~/domain/errors";
import { nextInYear } from "~/domain/numbering/yearly-sequence.server";
import { prisma } from "~/utils/db.server";
import { checkPriorArt, priorArtRows } from "./prior-art.server";
import { formatRegistrationNumber, MAX_SEQUENCE } from "./registration-number";
import { registrationYear } from "./registration-year";
import { notifyWork } from "./work-access.server";

/**
 * An officer registers a submitted work: the prior-art check runs again (stage "examination"),
 * the next number of the year's sequence is assigned, the certificate is issued.
 *
 * Gap-free and unique: the number comes from the yearly sequence (app/domain/numbering)
 * incremented in the same transaction as the status change. The status update is the transaction's first write (SQLite
 * takes the write lock there and serialises writers), the increment is an atomic upsert, and
 * if anything later fails — certificate, audit — the increment rolls back with the rest, so a
 * failed registration never consumes a number.
 */
export async function registerWork({ officerId, workId }: { officerId: string; workId: string }) {
  await assertPermission(prisma, officerId, "work:examine");
  const before = await prisma.work.findUnique({
    where: { id: workId },
    select: { status: true, views: { select: { id: true, pdqDihedral: true }, orderBy: { order: "asc" } } },
  });
  if (!before) throw new DomainError("NOT_FOUND", "works.error.notFound");
  if (before.status !== "submitted") throw new DomainError("CONFLICT", "works.error.notSubmitted");
  // Reads the shared index, so it runs before the transaction opens.
  const matches = await checkPriorArt(
    before.views.map((v) => ({ pdqDihedral: JSON.parse(v.pdqDihedral) as string[] })),
    [workId],
  );

  const work = await prisma.$transaction(
    async (tx) => {
      const now = new Date();
      const { count } = await tx.work.updateMany({
        where: { id: workId, status: "submitted" },
        data: { status: "registered", registeredAt: now, examinerId: officerId, decisionReason: null },
      });
      if (count === 0) throw new DomainError("CONFLICT", "works.error.notSubmitted");
      const year = registrationYear(now);
      const seq = { last: await nextInYear(tx, "registration", year) };
      if (seq.last > MAX_SEQUENCE) throw new DomainError("CONFLICT", "works.error.sequenceExhausted", { year });
      const registrationNumber = formatRegistrationNumber(year, seq.last);
      const registered = await tx.work.update({ where: { id: workId }, data: { registrationNumber } });

      const viewIds = new Set((await tx.workView.findMany({ where: { workId }, select: { id: true } })).map((v) => v.id));
      const matchedIds = [...new Set(matches.flat().map((m) => m.viewId))];
      const still = new Set((await tx.workView.findMany({ where: { id: { in: matchedIds } }, select: { id: true } })).map((r) => r.id));
      const rows = priorArtRows(
        workId,
        "examination",
        before.views.map((v, i) => ({ viewId: v.id, matches: matches[i]!.filter((m) => still.has(m.viewId)) })).filter((p) => viewIds.has(p.viewId)),
      );
      if (rows.length) await tx.priorArtMatch.createMany({ data: rows });

      await issueRegistrationCertificate({ tx, workId });
      await recordAuditEvent(tx, {
        actorId: officerId,
        action: "work.registered",
        entityId: workId,
        data: { registrationNumber, year, seq: seq.last, priorArtMatches: rows.length },
      });
      await notifyWork(tx, registered, { kind: "registered", params: { title: registered.titleZh, registrationNumber } });
      return registered;
    },
    { maxWait: 60_000, timeout: 60_000 },
  );
  return work;
}
