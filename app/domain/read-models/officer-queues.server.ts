/** What waits for the exchange center's officers: one count per queue (officer home and dashboard). */
import type { PrismaClient } from "@prisma/client";
import { OPEN_CASE_STATUSES } from "~/domain/cases/open-statuses";

export async function officerQueueCounts({ db }: { db: PrismaClient }) {
  const [submittedWorks, requestedDeals, awaitingPayment, openCases, pendingBatches] = await Promise.all([
    db.work.count({ where: { status: "submitted" } }),
    db.deal.count({ where: { status: "requested" } }),
    db.deal.count({ where: { status: "approved" } }),
    db.infringementCase.count({ where: { status: { in: [...OPEN_CASE_STATUSES] } } }),
    db.anchorBatch.count({ where: { status: { not: "anchored" } } }),
  ]);
  return { submittedWorks, requestedDeals, awaitingPayment, openCases, pendingBatches };
}
