import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { exclusivitiesConflict, findExclusivityConflicts, grantFromTerms, type ExistingGrant, type RequestedGrant } from "./overlap";
import { DAY_MS, isoDay, parseIsoDay } from "./iso-day";
import { EXCLUSIVITIES, type Exclusivity, type FieldOfUse } from "./vocabulary";
import { hasKey } from "~/utils/i18n";

const base: RequestedGrant = {
  exclusivity: "exclusive",
  fields: ["tableware"],
  countries: ["FR"],
  termStart: "2026-01-01",
  termEnd: "2027-01-01",
};
const grant = (id: string, patch: Partial<ExistingGrant> = {}): ExistingGrant => ({
  ...base,
  id,
  status: "active",
  ...patch,
});

describe("rule table", () => {
  // Documented in overlap.ts: overlapping grants are compatible only when both are non-exclusive.
  const table: Record<Exclusivity, Record<Exclusivity, string | null>> = {
    exclusive: { exclusive: "existing_exclusive", sole: "existing_exclusive", non_exclusive: "existing_exclusive" },
    sole: { exclusive: "existing_sole", sole: "existing_sole", non_exclusive: "existing_sole" },
    non_exclusive: { exclusive: "covers_non_exclusive", sole: "covers_non_exclusive", non_exclusive: null },
  };
  for (const existing of EXCLUSIVITIES) {
    for (const requested of EXCLUSIVITIES) {
      it(`existing ${existing} × new ${requested} → ${table[existing][requested] ?? "ok"}`, () => {
        expect(exclusivitiesConflict(existing, requested)).toBe(table[existing][requested]);
        const found = findExclusivityConflicts({ ...base, exclusivity: requested }, [grant("g", { exclusivity: existing })]);
        expect(found.map((c) => c.reason)).toEqual(table[existing][requested] ? [table[existing][requested]] : []);
      });
    }
  }
  it("has a message for every reason", () => {
    for (const r of ["existing_exclusive", "existing_sole", "covers_non_exclusive"]) expect(hasKey(`licensing.conflict.${r}`)).toBe(true);
  });
});

describe("findExclusivityConflicts", () => {
  it("reports the shared cells", () => {
    const c = findExclusivityConflicts(
      {
        ...base,
        fields: ["tableware", "digital", "textiles"],
        countries: ["FR", "DE", "CN"],
        termStart: "2026-06-01",
        termEnd: "2028-01-01",
      },
      [grant("g1", { fields: ["digital", "tableware", "jewellery"], countries: ["DE", "FR", "US"] })],
    );
    expect(c).toEqual([
      {
        grantId: "g1",
        reason: "existing_exclusive",
        existingExclusivity: "exclusive",
        fields: ["digital", "tableware"],
        countries: ["DE", "FR"],
        from: "2026-06-01",
        to: "2027-01-01",
      },
    ]);
  });

  it("treats terms as half-open: back-to-back licences do not overlap", () => {
    expect(findExclusivityConflicts({ ...base, termStart: "2027-01-01", termEnd: "2028-01-01" }, [grant("g")])).toEqual([]);
    expect(findExclusivityConflicts({ ...base, termStart: "2025-01-01", termEnd: "2026-01-01" }, [grant("g")])).toEqual([]);
    expect(findExclusivityConflicts({ ...base, termStart: "2026-12-31", termEnd: "2028-01-01" }, [grant("g")])).toHaveLength(1);
  });

  it("needs all three dimensions to overlap", () => {
    expect(findExclusivityConflicts({ ...base, fields: ["digital"] }, [grant("g")])).toEqual([]);
    expect(findExclusivityConflicts({ ...base, countries: ["DE"] }, [grant("g")])).toEqual([]);
  });

  it("compares regions by their countries (grantFromTerms)", () => {
    const eu = grantFromTerms({ ...base, territories: ["eu"] });
    expect(eu.countries).toHaveLength(27);
    const c = findExclusivityConflicts(grantFromTerms({ ...base, territories: ["FR", "US"] }), [{ ...eu, id: "g", status: "active" }]);
    expect(c.map((x) => x.countries)).toEqual([["FR"]]);
  });

  it("ignores grants that are not approved or active", () => {
    for (const status of ["requested", "changes_requested", "rejected", "cancelled", "expired", "terminated"]) {
      expect(findExclusivityConflicts(base, [grant("g", { status })])).toEqual([]);
    }
    expect(findExclusivityConflicts(base, [grant("g", { status: "approved" })])).toHaveLength(1);
  });
});

describe("property: agrees with a brute-force cell enumeration", () => {
  const FIELDS: FieldOfUse[] = ["tableware", "digital", "textiles"];
  const COUNTRIES = ["CN", "FR", "JP", "US"];
  const DAY0 = parseIsoDay("2026-01-01")!;
  const SPAN = 12;
  const STATUSES = ["approved", "active", "requested", "expired"];

  const grantArb = fc
    .record({
      exclusivity: fc.constantFrom(...EXCLUSIVITIES),
      fields: fc.subarray(FIELDS, { minLength: 1 }),
      countries: fc.subarray(COUNTRIES, { minLength: 1 }),
      a: fc.integer({ min: 0, max: SPAN }),
      b: fc.integer({ min: 0, max: SPAN }),
    })
    .filter((g) => g.a !== g.b)
    .map(({ a, b, ...g }) => ({
      ...g,
      termStart: isoDay(DAY0 + Math.min(a, b) * DAY_MS),
      termEnd: isoDay(DAY0 + Math.max(a, b) * DAY_MS),
    }));

  type Cell = string;
  function cells(g: RequestedGrant): Set<Cell> {
    const out = new Set<Cell>();
    for (let d = parseIsoDay(g.termStart)!; d < parseIsoDay(g.termEnd)!; d += DAY_MS)
      for (const f of g.fields) for (const c of g.countries) out.add(`${f}|${c}|${isoDay(d)}`);
    return out;
  }
  function reference(req: RequestedGrant, existing: ExistingGrant[]): Map<string, Set<Cell>> {
    const rc = cells(req);
    const out = new Map<string, Set<Cell>>();
    for (const g of existing) {
      if (g.status !== "approved" && g.status !== "active") continue;
      if (g.exclusivity === "non_exclusive" && req.exclusivity === "non_exclusive") continue;
      const shared = new Set([...cells(g)].filter((c) => rc.has(c)));
      if (shared.size) out.set(g.id, shared);
    }
    return out;
  }

  it("finds exactly the conflicting grants and their shared cells", () => {
    fc.assert(
      fc.property(grantArb, fc.array(fc.tuple(grantArb, fc.constantFrom(...STATUSES)), { maxLength: 6 }), (req, raw) => {
        const existing = raw.map(([g, status], i) => ({ ...g, id: `g${i}`, status }));
        const expected = reference(req, existing);
        const got = findExclusivityConflicts(req, existing);
        expect(got.map((c) => c.grantId).sort()).toEqual([...expected.keys()].sort());
        for (const c of got) {
          const reported = cells({
            ...req,
            fields: c.fields,
            countries: c.countries,
            termStart: c.from,
            termEnd: c.to,
          });
          expect([...reported].sort()).toEqual([...expected.get(c.grantId)!].sort());
        }
      }),
      { numRuns: 2000 },
    );
  });
});
