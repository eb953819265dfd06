import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  formatRegistrationNumber,
  isRegistrationNumber,
  mod11_2CheckChar,
  normalizeRegistrationNumber,
  parseRegistrationNumber,
  registrationNumberSchema,
} from "./registration-number";

describe("ISO 7064 MOD 11-2", () => {
  // Published ORCID identifiers use ISO 7064 MOD 11-2 over the first 15 digits
  // (examples from ORCID's own documentation on check digits).
  it.each([
    ["000000021825009", "7"],
    ["000000015109370", "0"],
    ["000000021694233", "X"],
  ])("%s → %s", (digits, check) => {
    expect(mod11_2CheckChar(digits)).toBe(check);
  });

  // The PRC resident ID's 18th character is MOD 11-2 of the first 17 digits; this is the
  // sample number printed in GB 11643-1999's annex (11010519491231002X).
  it("matches the GB 11643 sample identity number", () => {
    expect(mod11_2CheckChar("11010519491231002")).toBe("X");
  });
});

describe("formatRegistrationNumber / parseRegistrationNumber", () => {
  it("formats with zero padding and a check character", () => {
    const n = formatRegistrationNumber(2026, 123);
    expect(n).toMatch(/^JDZ-2026-000123-[0-9X]$/);
    expect(n.slice(-1)).toBe(mod11_2CheckChar("2026000123"));
  });

  it("round-trips every value it formats", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 9999 }), fc.integer({ min: 1, max: 999_999 }), (year, seq) => {
        const s = formatRegistrationNumber(year, seq);
        expect(parseRegistrationNumber(s)).toEqual({ year, seq });
        expect(isRegistrationNumber(s)).toBe(true);
      }),
    );
  });

  it("tolerates case, spaces and full-width input, and normalises it", () => {
    const n = formatRegistrationNumber(2026, 42);
    expect(parseRegistrationNumber(`  ${n.toLowerCase()} `)).toEqual({ year: 2026, seq: 42 });
    const fullWidth = n.replace(/[0-9A-Z-]/g, (c) => (c === "-" ? "－" : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
    expect(normalizeRegistrationNumber(fullWidth)).toBe(n);
  });

  it.each([
    "",
    "JDZ2026000123",
    "JDZ-2026-123-0",
    "JDZ-2026-0000123-0",
    "KM-2026-000123-0",
    "JDZ-2026-000000-" + mod11_2CheckChar("2026000000"), // sequence starts at 1
    "JDZ-1999-000001-" + mod11_2CheckChar("1999000001"), // before the registry's epoch
    "JDZ-2026-000123-*",
  ])("rejects %j", (s) => {
    expect(parseRegistrationNumber(s)).toBeNull();
  });

  it("refuses to format impossible parts", () => {
    expect(() => formatRegistrationNumber(2026, 0)).toThrow(RangeError);
    expect(() => formatRegistrationNumber(2026, 1_000_000)).toThrow(RangeError);
    expect(() => formatRegistrationNumber(1999, 1)).toThrow(RangeError);
    expect(() => formatRegistrationNumber(2026.5, 1)).toThrow(RangeError);
  });
});

describe("error detection", () => {
  // Sample: every sequence below 2000 in two years, plus sequences chosen to give each check
  // character, plus random ones — ~4,100 numbers × (11 positions × 10 substitutions + 10 swaps).
  const sample: Array<[number, number]> = [];
  for (const year of [2026, 2031]) for (let seq = 1; seq <= 2000; seq++) sample.push([year, seq]);
  for (let seq = 999_900; seq <= 999_999; seq++) sample.push([2099, seq]);

  const CHECK_CHARS = "0123456789X";
  // The 11 significant characters: 4 year digits, 6 sequence digits, check character.
  const significant = (s: string) => s.slice(4, 8) + s.slice(9, 15) + s.slice(16);
  const rebuild = (c: string) => `JDZ-${c.slice(0, 4)}-${c.slice(4, 10)}-${c.slice(10)}`;

  it("covers every check character in the sample", () => {
    const seen = new Set(sample.map(([y, s]) => formatRegistrationNumber(y, s).slice(-1)));
    expect([...seen].sort().join("")).toBe(CHECK_CHARS);
  });

  it("detects every single-character substitution", () => {
    let tried = 0;
    for (const [year, seq] of sample) {
      const chars = significant(formatRegistrationNumber(year, seq));
      for (let i = 0; i < chars.length; i++) {
        const alphabet = i === 10 ? CHECK_CHARS : "0123456789";
        for (const c of alphabet) {
          if (c === chars[i]) continue;
          const mutated = rebuild(chars.slice(0, i) + c + chars.slice(i + 1));
          tried++;
          if (isRegistrationNumber(mutated)) {
            throw new Error(`undetected substitution: ${formatRegistrationNumber(year, seq)} → ${mutated}`);
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(400_000);
  });

  it("detects every adjacent transposition of different characters (including into the check position)", () => {
    let tried = 0;
    for (const [year, seq] of sample) {
      const chars = significant(formatRegistrationNumber(year, seq));
      for (let i = 0; i + 1 < chars.length; i++) {
        if (chars[i] === chars[i + 1]) continue;
        const swapped = chars.slice(0, i) + chars[i + 1] + chars[i] + chars.slice(i + 2);
        tried++;
        expect(isRegistrationNumber(rebuild(swapped)), `${chars} → ${swapped}`).toBe(false);
      }
    }
    expect(tried).toBeGreaterThan(30_000);
  });
});

describe("registrationNumberSchema", () => {
  it("normalises valid input and rejects invalid with an i18n key", () => {
    const n = formatRegistrationNumber(2026, 7);
    expect(registrationNumberSchema.parse(n.toLowerCase())).toBe(n);
    const r = registrationNumberSchema.safeParse("JDZ-2026-000007-Q");
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0].message).toBe("works.registrationNumber.invalid");
  });
});
