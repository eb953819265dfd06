/**
 * The exchange center's exclusivity conflict check. A grant covers a set of cells
 * field × country × day; two grants overlap when they share at least one cell. Terms are
 * half-open [termStart, termEnd), so a licence ending on the day another starts does not overlap.
 *
 * Rule table — may a NEW grant be approved where it overlaps an EXISTING approved/active one?
 *
 *   existing \ new   | exclusive | sole     | non_exclusive
 *   -----------------+-----------+----------+--------------
 *   exclusive        | conflict  | conflict | conflict      (not even the owner may use it: nothing more can be granted)
 *   sole             | conflict  | conflict | conflict      (owner + that one licensee: no further licensee)
 *   non_exclusive    | conflict  | conflict | ok            (a new exclusive/sole grant would break the promise
 *                                                            to the existing licensee, or the new one's)
 *
 * i.e. overlapping grants are only compatible when both are non-exclusive.
 */
import type { Exclusivity, FieldOfUse } from "./vocabulary";
import { isoDay, parseIsoDay } from "./iso-day";
import { expandTerritories } from "./territories";

type GrantStatus = "approved" | "active";

export type RequestedGrant = {
  exclusivity: Exclusivity;
  fields: readonly FieldOfUse[];
  /** Expanded country codes (see expandTerritories). */
  countries: readonly string[];
  /** "YYYY-MM-DD", inclusive. */
  termStart: string;
  /** "YYYY-MM-DD", exclusive. */
  termEnd: string;
};

export type ExistingGrant = RequestedGrant & {
  id: string;
  /** Grants in any other state (requested, rejected, expired…) are ignored. */
  status: string;
};

type ConflictReason =
  /** An existing exclusive grant covers part of the request. */
  | "existing_exclusive"
  /** An existing sole grant covers part of the request. */
  | "existing_sole"
  /** The request is exclusive or sole and would cover an existing non-exclusive licence. */
  | "covers_non_exclusive";

export type Conflict = {
  grantId: string;
  reason: ConflictReason;
  existingExclusivity: Exclusivity;
  fields: FieldOfUse[];
  countries: string[];
  /** The overlapping period, half-open. */
  from: string;
  to: string;
};

const BLOCKING_STATUSES: ReadonlySet<string> = new Set<GrantStatus>(["approved", "active"]);

export function exclusivitiesConflict(existing: Exclusivity, requested: Exclusivity): ConflictReason | null {
  if (existing === "exclusive") return "existing_exclusive";
  if (existing === "sole") return "existing_sole";
  return requested === "non_exclusive" ? null : "covers_non_exclusive";
}

function day(s: string): number {
  const ms = parseIsoDay(s);
  if (ms === null) throw new RangeError(`Not a YYYY-MM-DD day: ${s}`);
  return ms;
}

/** Every approved/active grant that the request would collide with, with the shared cells. */
export function findExclusivityConflicts(request: RequestedGrant, existing: readonly ExistingGrant[]): Conflict[] {
  const rStart = day(request.termStart);
  const rEnd = day(request.termEnd);
  const rFields = new Set(request.fields);
  const rCountries = new Set(request.countries);
  const conflicts: Conflict[] = [];

  for (const g of existing) {
    if (!BLOCKING_STATUSES.has(g.status)) continue;
    const reason = exclusivitiesConflict(g.exclusivity, request.exclusivity);
    if (!reason) continue;
    const gStart = day(g.termStart);
    const gEnd = day(g.termEnd);
    const from = Math.max(rStart, gStart);
    const to = Math.min(rEnd, gEnd);
    if (!(from < to)) continue;
    const fields = [...new Set(g.fields.filter((f) => rFields.has(f)))].sort();
    if (!fields.length) continue;
    const countries = [...new Set(g.countries.filter((c) => rCountries.has(c)))].sort();
    if (!countries.length) continue;
    conflicts.push({
      grantId: g.id,
      reason,
      existingExclusivity: g.exclusivity,
      fields,
      countries,
      from: isoDay(from),
      to: isoDay(to),
    });
  }
  return conflicts;
}

/** The grant a set of licence terms would make, with its territory expanded to countries. */
export function grantFromTerms(terms: {
  exclusivity: Exclusivity;
  fields: readonly FieldOfUse[];
  territories: readonly string[];
  termStart: string;
  termEnd: string;
}): RequestedGrant {
  return {
    exclusivity: terms.exclusivity,
    fields: [...terms.fields],
    countries: expandTerritories(terms.territories),
    termStart: terms.termStart,
    termEnd: terms.termEnd,
  };
}
