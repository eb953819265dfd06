/**
 * The artisan's side of each payment, in integer fen: gross (what the licensee pays), the
 * exchange center's fee (fixed at approval, see licensing/fees.ts), net (what the artisan gets),
 * and where the payout stands. Stripe destination charges transfer the net at payment time; a
 * bank transfer received by the exchange center is paid on by the center ("due") until an
 * officer records that payout ("paid", with its day and bank reference).
 */
export type PayoutStatus = "awaiting" | "transferred" | "due" | "paid" | "none";

type PayoutPayment = { status: string; method: string; amountFen: number; feeFen: number; payoutFen: number; payoutMadeOn?: Date | string | null };

export function payoutStatus(p: Pick<PayoutPayment, "status" | "method" | "payoutMadeOn">): PayoutStatus {
  if (p.status === "pending") return "awaiting";
  if (p.status !== "succeeded") return "none";
  if (p.method === "stripe") return "transferred";
  return p.payoutMadeOn ? "paid" : "due";
}

/** Only a received bank transfer's net waits for the exchange center to pay it on. */
export function canRecordPayout(p: Pick<PayoutPayment, "status" | "method" | "payoutMadeOn">): boolean {
  return payoutStatus(p) === "due";
}

export type PayoutLine = { grossFen: number; feeFen: number; netFen: number; status: PayoutStatus };

export function payoutLine(p: PayoutPayment): PayoutLine {
  if (!Number.isSafeInteger(p.amountFen) || !Number.isSafeInteger(p.feeFen) || !Number.isSafeInteger(p.payoutFen)) throw new Error("money must be integer fen");
  if (p.feeFen + p.payoutFen !== p.amountFen) throw new Error(`fee ${p.feeFen} + payout ${p.payoutFen} ≠ amount ${p.amountFen}`);
  return { grossFen: p.amountFen, feeFen: p.feeFen, netFen: p.payoutFen, status: payoutStatus(p) };
}

/** Totals over the payments that were made (succeeded); pending and failed ones are not money moved. */
export function payoutTotals(lines: readonly PayoutLine[]): { grossFen: number; feeFen: number; netFen: number } {
  const paid = lines.filter((l) => l.status === "transferred" || l.status === "due" || l.status === "paid");
  return {
    grossFen: paid.reduce((s, l) => s + l.grossFen, 0),
    feeFen: paid.reduce((s, l) => s + l.feeFen, 0),
    netFen: paid.reduce((s, l) => s + l.netFen, 0),
  };
}

/** "¥12,345.67" from integer fen, without floating point. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * Officers' queue order: payments the licensee reports as paid first (earliest report first),
 * then the rest in their existing order (Array.prototype.sort is stable).
 */
export function byReportedPaidFirst(a: { reportedPaidAt: Date | string | null }, b: { reportedPaidAt: Date | string | null }): number {
  if (a.reportedPaidAt && b.reportedPaidAt) return new Date(a.reportedPaidAt).getTime() - new Date(b.reportedPaidAt).getTime();
  if (a.reportedPaidAt) return -1;
  if (b.reportedPaidAt) return 1;
  return 0;
}
