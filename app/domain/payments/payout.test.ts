import { describe, expect, it } from "vitest";
import { canRecordPayout, formatYuan, payoutLine, payoutStatus, payoutTotals } from "./payout";

describe("payout", () => {
  it("says where the artisan's money stands", () => {
    expect(payoutStatus({ status: "pending", method: "offline" })).toBe("awaiting");
    expect(payoutStatus({ status: "succeeded", method: "offline" })).toBe("due");
    expect(payoutStatus({ status: "succeeded", method: "stripe" })).toBe("transferred");
    expect(payoutStatus({ status: "cancelled", method: "stripe" })).toBe("none");
    expect(payoutStatus({ status: "succeeded", method: "offline", payoutMadeOn: new Date("2026-05-15T00:00:00Z") })).toBe("paid");
    expect(canRecordPayout({ status: "succeeded", method: "offline", payoutMadeOn: null })).toBe(true);
    expect(canRecordPayout({ status: "succeeded", method: "offline", payoutMadeOn: "2026-05-15" })).toBe(false);
    expect(canRecordPayout({ status: "succeeded", method: "stripe" })).toBe(false);
    expect(canRecordPayout({ status: "pending", method: "offline" })).toBe(false);
  });
  it("keeps gross = fee + net in integer fen and totals only money that moved", () => {
    const lines = [
      payoutLine({ status: "succeeded", method: "offline", amountFen: 1_234_501, feeFen: 123_450, payoutFen: 1_111_051 }),
      payoutLine({ status: "succeeded", method: "stripe", amountFen: 99, feeFen: 9, payoutFen: 90 }),
      payoutLine({ status: "pending", method: "offline", amountFen: 500_000, feeFen: 50_000, payoutFen: 450_000 }),
    ];
    expect(payoutTotals(lines)).toEqual({ grossFen: 1_234_600, feeFen: 123_459, netFen: 1_111_141 });
    expect(() => payoutLine({ status: "succeeded", method: "offline", amountFen: 100, feeFen: 10, payoutFen: 91 })).toThrow();
    expect(() => payoutLine({ status: "succeeded", method: "offline", amountFen: 100.5, feeFen: 10, payoutFen: 90.5 })).toThrow();
  });
  it("formats fen as yuan without floating point", () => {
    expect(formatYuan(123_456_789)).toBe("¥1,234,567.89");
    expect(formatYuan(5)).toBe("¥0.05");
    expect(formatYuan(0)).toBe("¥0.00");
  });
});
