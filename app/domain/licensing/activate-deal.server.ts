import { workManagerIds } from "~/domain/access/work-managers.server";
import { issueLicenseCertificate } from "~/domain/anchoring/issue-certificates.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import type { Tx } from "~/utils/db.server";
import { dealLink, notifyUsers } from "./deal-access.server";
import { chinaYear } from "~/domain/time/china-time";
import { nextInYear } from "~/domain/numbering/yearly-sequence.server";
import { formatLicenseNumber } from "./license-number";

/**
 * The next licence number of the year, from the yearly sequence (app/domain/numbering), inside the
 * activation transaction: unique and gap-free on both databases.
 */
export async function nextLicenseNumber(tx: Tx, now: Date): Promise<string> {
  // The year of grant as printed on the licence is China's calendar year, like registrations.
  const year = chinaYear(now);
  return formatLicenseNumber(year, await nextInYear(tx, "license", year));
}

/**
 * approved → active, once: the conditional update makes repeated calls (a webhook delivered
 * three times, an officer double-clicking) harmless. Returns the licence number, or null when the
 * deal was not awaiting activation. Must run inside the transaction that records the payment.
 */
export async function activateDealInTx({
  tx,
  dealId,
  actorId,
  now = new Date(),
}: {
  tx: Tx;
  dealId: string;
  actorId: string | null;
  now?: Date;
}): Promise<string | null> {
  const { count } = await tx.deal.updateMany({
    where: { id: dealId, status: "approved" },
    data: { status: "active", activatedAt: now },
  });
  if (count === 0) return null;
  // Only a deal that did activate takes a number (a repeated call must not use one up).
  const licenseNumber = await nextLicenseNumber(tx, now);
  await tx.deal.update({ where: { id: dealId }, data: { licenseNumber } });
  const deal = await tx.deal.findUniqueOrThrow({ where: { id: dealId }, include: { work: true } });
  await recordAuditEvent(tx, {
    actorId,
    action: "deal.activated",
    entityId: dealId,
    data: { reference: deal.reference, licenseNumber, termsHash: deal.termsHash },
  });
  await issueLicenseCertificate({ tx, dealId });
  await notifyUsers(tx, [deal.licenseeId, ...(await workManagerIds(tx, deal.work))], {
    kind: "activated",
    params: { reference: deal.reference, licenseNumber },
    link: dealLink(deal.reference),
  });
  return licenseNumber;
}

/**
 * True for SQLite's "database is locked" when it comes back without waiting: a deferred
 * transaction whose first write found its read snapshot outdated by another process's commit
 * (SQLITE_BUSY_SNAPSHOT in WAL mode — the busy timeout does not apply). Nothing was written, so
 * the whole transaction can simply run again.
 */
function isBusySnapshot(e: unknown): boolean {
  const text = `${(e as { message?: string })?.message ?? ""} ${JSON.stringify((e as { meta?: unknown })?.meta ?? "")}`;
  return /SQLITE_BUSY|database is locked/i.test(text);
}

/**
 * Retries a transaction that lost a race: on a unique column (licence numbers on PostgreSQL) or on
 * SQLite's write lock against another process (see isBusySnapshot), with a short jittered pause.
 */
export async function retryOnUniqueViolation<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      const unique = (e as { code?: string }).code === "P2002";
      if (i + 1 < attempts && (unique || isBusySnapshot(e))) {
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * (i + 1)));
        continue;
      }
      throw e;
    }
  }
}
