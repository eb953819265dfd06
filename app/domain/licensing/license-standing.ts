/**
 * What a granted licence is at a given moment. The stored deal status says what happened
 * (activated, terminated, expired by the job); the standing adds time: an activated licence whose
 * term has not begun is "scheduled", not in force, and one past its term is "expired" even before
 * the hourly expiry job has run. Every surface that says whether a licence is in force (the public
 * check, the API, the deal pages, the home counter) asks this one function.
 */
const LICENSE_STANDINGS = ["scheduled", "active", "expired", "terminated"] as const;
export type LicenseStanding = (typeof LICENSE_STANDINGS)[number];

export function isLicenseStanding(v: unknown): v is LicenseStanding {
  return typeof v === "string" && (LICENSE_STANDINGS as readonly string[]).includes(v);
}

/** The deal status shown to people: "active" is refined by the term; other states pass through. */
export function dealStanding(deal: { status: string; termStart: Date; termEnd: Date }, now: Date): string {
  if (deal.status !== "active") return deal.status;
  if (now.getTime() < deal.termStart.getTime()) return "scheduled";
  if (now.getTime() >= deal.termEnd.getTime()) return "expired";
  return "active";
}

/** Prisma filter for licences in force at `now` (activated, term started, not ended). */
export function inForceWhere(now: Date) {
  return { status: "active", termStart: { lte: now }, termEnd: { gt: now } } as const;
}
