/** Small figures shared by the officers' statistics pages (cases, registry): pure and tested here. */
const DAY_MS = 86_400_000;

/** The median of `values` (the mean of the middle two for an even count); null when there are none. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Calendar days from `from` to `to`, fractional. */
export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS;
}

/** One decimal, as the pages show days. */
export function round1(x: number): number;
export function round1(x: number | null): number | null;
export function round1(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10) / 10;
}
