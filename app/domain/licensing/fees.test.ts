import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DomainError } from "~/domain/errors";
import { minimumGuaranteeTopUp, royaltyDue, splitFee } from "./fees";

/** Reference half-up rounding with exact rational arithmetic. */
function halfUp(amount: bigint, bps: bigint): bigint {
  const num = amount * bps;
  const q = num / 10_000n;
  return num - q * 10_000n >= 5_000n ? q + 1n : q;
}

describe("splitFee", () => {
  it.each([
    [100_000, 1_000, 10_000, 90_000],
    [5, 1_000, 1, 4], // 0.5 fen rounds up to the exchange
    [4, 1_000, 0, 4], // 0.4 fen rounds down
    [15, 1_000, 2, 13], // 1.5 → 2
    [1, 5_000, 1, 0],
    [0, 1_000, 0, 0],
    [99_999, 0, 0, 99_999],
    [99_999, 10_000, 99_999, 0],
    [1_234_567, 250, 30_864, 1_203_703], // 30864.175 → 30864
  ])("splitFee(%i, %i) = %i + %i", (gross, bps, fee, payout) => {
    expect(splitFee(gross, bps)).toEqual({ feeFen: fee, payoutFen: payout });
  });

  it("parts always sum to gross, and the fee is the half-up share", () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 0, max: 10_000 }), (gross, bps) => {
        const { feeFen, payoutFen } = splitFee(gross, bps);
        expect(Number.isSafeInteger(feeFen) && Number.isSafeInteger(payoutFen)).toBe(true);
        expect(BigInt(feeFen) + BigInt(payoutFen)).toBe(BigInt(gross));
        expect(feeFen).toBeGreaterThanOrEqual(0);
        expect(payoutFen).toBeGreaterThanOrEqual(0);
        expect(BigInt(feeFen)).toBe(halfUp(BigInt(gross), BigInt(bps)));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    [-1, 100],
    [1.5, 100],
    [Number.MAX_SAFE_INTEGER + 1, 100],
    [100, -1],
    [100, 10_001],
    [100, 2.5],
    [Number.NaN, 100],
  ])("refuses splitFee(%s, %s)", (g, b) => {
    expect(() => splitFee(g, b)).toThrow(DomainError);
  });
});

describe("royaltyDue", () => {
  it("rounds half up", () => {
    expect(royaltyDue({ netSalesFen: 1_000_000, royaltyBps: 500 })).toBe(50_000);
    expect(royaltyDue({ netSalesFen: 10, royaltyBps: 500 })).toBe(1); // 0.5 → 1
    expect(royaltyDue({ netSalesFen: 9, royaltyBps: 500 })).toBe(0); // 0.45 → 0
    expect(royaltyDue({ netSalesFen: 0, royaltyBps: 10_000 })).toBe(0);
  });
  it("matches the exact reference", () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 0, max: 10_000 }), (s, r) => {
        expect(BigInt(royaltyDue({ netSalesFen: s, royaltyBps: r }))).toBe(halfUp(BigInt(s), BigInt(r)));
      }),
    );
  });
  it("refuses negative sales", () => {
    expect(() => royaltyDue({ netSalesFen: -5, royaltyBps: 500 })).toThrow(DomainError);
  });
});

describe("minimumGuaranteeTopUp", () => {
  it("tops up to the guarantee, never below zero", () => {
    expect(minimumGuaranteeTopUp({ yearRoyaltiesFen: 30_000, minimumGuaranteeFen: 100_000 })).toBe(70_000);
    expect(minimumGuaranteeTopUp({ yearRoyaltiesFen: 100_000, minimumGuaranteeFen: 100_000 })).toBe(0);
    expect(minimumGuaranteeTopUp({ yearRoyaltiesFen: 150_000, minimumGuaranteeFen: 100_000 })).toBe(0);
    expect(minimumGuaranteeTopUp({ yearRoyaltiesFen: 0, minimumGuaranteeFen: 0 })).toBe(0);
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.maxSafeNat(), (paid, floor) => {
        const top = minimumGuaranteeTopUp({ yearRoyaltiesFen: paid, minimumGuaranteeFen: floor });
        expect(top).toBeGreaterThanOrEqual(0);
        expect(BigInt(paid) + BigInt(top)).toBe(paid >= floor ? BigInt(paid) : BigInt(floor));
      }),
    );
    expect(() => minimumGuaranteeTopUp({ yearRoyaltiesFen: -1, minimumGuaranteeFen: 0 })).toThrow(DomainError);
  });
});
