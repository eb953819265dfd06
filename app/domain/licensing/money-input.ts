/**
 * People type money in yuan ("1,234.50", "¥88") and rates in percent ("5.25"); the database
 * holds integer fen and basis points. Parsing works on the decimal string itself, never through
 * a float, so "0.29" is 29 fen and not 28.999….
 */

const DECIMAL = /^(\d+)(?:\.(\d*))?$/;

function parseDecimal(input: string, maxDecimals: number): bigint | null {
  const s = input
    .trim()
    .replace(/^[¥￥]\s*/, "")
    .replace(/[\s,，]/g, "");
  const m = DECIMAL.exec(s);
  if (!m) return null;
  const frac = m[2] ?? "";
  if (frac.length > maxDecimals) return null;
  const scale = 10n ** BigInt(maxDecimals);
  return BigInt(m[1]) * scale + BigInt((frac + "0".repeat(maxDecimals)).slice(0, maxDecimals) || "0");
}

/** "1,234.5" → 123450 fen; null when it is not a non-negative amount with at most 2 decimals. */
export function parseYuanToFen(input: string): number | null {
  const fen = parseDecimal(input, 2);
  if (fen === null || fen > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(fen);
}

/** "5.25" (%) → 525 basis points; null when not between 0 and 100 with at most 2 decimals. */
export function parsePercentToBps(input: string): number | null {
  const bps = parseDecimal(input, 2);
  if (bps === null || bps > 10_000n) return null;
  return Number(bps);
}

/** 123450 → "1234.50": the value an input field shows for an amount in fen. */
export function fenToYuanInput(fen: number): string {
  const n = BigInt(fen);
  return `${n / 100n}.${(n % 100n).toString().padStart(2, "0")}`;
}

/** 525 → "5.25" */
export function bpsToPercentInput(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const frac = String(bps % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : String(whole);
}
