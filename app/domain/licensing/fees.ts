/**
 * Money maths in integer fen. Products are computed in BigInt so that amounts up to
 * Number.MAX_SAFE_INTEGER times 10 000 basis points never lose precision.
 */
import { DomainError } from "~/domain/errors";

const BPS = 10_000n;

function checkFen(v: number, name: string): bigint {
  if (!Number.isSafeInteger(v) || v < 0) throw new DomainError("BAD_INPUT", "licensing.error.badAmount", { name });
  return BigInt(v);
}

function checkBps(v: number, name: string): bigint {
  if (!Number.isInteger(v) || v < 0 || v > 10_000) throw new DomainError("BAD_INPUT", "licensing.error.badRate", { name });
  return BigInt(v);
}

/** amount × bps / 10 000, rounded half up (amount and bps are non-negative). */
function bpsOfHalfUp(amount: bigint, bps: bigint): bigint {
  return (amount * bps + BPS / 2n) / BPS;
}

/**
 * The exchange center's cut of a payment. The fee rounds half up and the artisan gets exactly the
 * rest, so feeFen + payoutFen === grossFen always.
 */
export function splitFee(grossFen: number, feeBps: number): { feeFen: number; payoutFen: number } {
  const gross = checkFen(grossFen, "grossFen");
  const fee = bpsOfHalfUp(gross, checkBps(feeBps, "feeBps"));
  return { feeFen: Number(fee), payoutFen: Number(gross - fee) };
}

/** Royalty owed on a period's net sales, rounded half up. */
export function royaltyDue({ netSalesFen, royaltyBps }: { netSalesFen: number; royaltyBps: number }): number {
  return Number(bpsOfHalfUp(checkFen(netSalesFen, "netSalesFen"), checkBps(royaltyBps, "royaltyBps")));
}

/** What the licensee still owes at year end so that the year's royalties reach the minimum guarantee. */
export function minimumGuaranteeTopUp({ yearRoyaltiesFen, minimumGuaranteeFen }: { yearRoyaltiesFen: number; minimumGuaranteeFen: number }): number {
  const paid = checkFen(yearRoyaltiesFen, "yearRoyaltiesFen");
  const floor = checkFen(minimumGuaranteeFen, "minimumGuaranteeFen");
  return paid >= floor ? 0 : Number(floor - paid);
}
