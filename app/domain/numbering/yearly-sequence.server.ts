/**
 * One allocator for the numbers that run per China calendar year: registrations
 * (JDZ-YYYY-NNNNNN-C), licences (JDZL-YYYY-NNNNNN-C) and cases (KM-C-YYYY-NNNNNN).
 *
 * The counter row of (scope, year) is incremented by one atomic upsert inside the transaction
 * that uses the number. So the numbers are unique (the row is locked until commit: concurrent
 * transactions, on SQLite or PostgreSQL, in one process or several, queue on it) and gap-free (a
 * rolled-back transaction rolls its increment back). Call it late in the transaction: the row lock
 * is held from here to the commit.
 */
import type { Tx } from "~/utils/db.server";

export const SEQUENCE_SCOPES = ["registration", "license", "case"] as const;
type SequenceScope = (typeof SEQUENCE_SCOPES)[number];

export async function nextInYear(tx: Tx, scope: SequenceScope, year: number): Promise<number> {
  const row = await tx.yearlySequence.upsert({
    where: { scope_year: { scope, year } },
    create: { scope, year, last: 1 },
    update: { last: { increment: 1 } },
    select: { last: true },
  });
  return row.last;
}
