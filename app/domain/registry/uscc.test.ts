import { describe, expect, it } from "vitest";
import { z } from "zod";
import { USCC_ALPHABET, USCC_WEIGHTS, isValidUscc, normalizeUscc, refineUscc, usccCheckChar, usccSchema } from "./uscc";

/*
 * Real codes. The first is the worked example printed in texts explaining GB 32100-2015
 * (a Fuzhou entity: 9 = industry & commerce, 1 = enterprise, 350100 = Fuzhou, organisation
 * code M000100Y4, check 3). The others are codes of well-known companies as shown on their
 * public business licences. A wrong algorithm would accept an arbitrary code with probability
 * 1/31, so all five passing is strong evidence that alphabet, weights and mapping are right.
 */
const REAL = [
  ["91350100M000100Y43", "GB 32100-2015 worked example"],
  ["914403001922038216", "华为技术有限公司 Huawei Technologies Co., Ltd."],
  ["9144030071526726XG", "腾讯科技（深圳）有限公司 Tencent Technology (Shenzhen)"],
  ["91110108551385082Q", "北京小米科技有限责任公司 Beijing Xiaomi Technology"],
  ["91330100716105852F", "阿里巴巴（中国）有限公司 Alibaba (China)"],
] as const;

describe("USCC alphabet and weights", () => {
  it("has 31 characters and excludes I, O, S, V, Z", () => {
    expect(USCC_ALPHABET).toHaveLength(31);
    for (const ch of "IOSVZ") expect(USCC_ALPHABET).not.toContain(ch);
  });

  it("weights are 3^i mod 31 as the standard defines them", () => {
    expect(USCC_WEIGHTS).toEqual(Array.from({ length: 17 }, (_, i) => Number(3n ** BigInt(i) % 31n)));
  });
});

describe("isValidUscc", () => {
  it.each(REAL)("accepts %s (%s)", (code) => {
    expect(isValidUscc(code)).toBe(true);
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it("maps a computed 31 to '0'", () => {
    // Find a body whose sum is ≡ 0 mod 31: its check character must be "0", not the
    // out-of-range 31st position.
    let body = "";
    for (let n = 0; ; n++) {
      body = `9111000${String(n).padStart(10, "0")}`;
      const sum = [...body].reduce((s, c, i) => s + USCC_ALPHABET.indexOf(c) * USCC_WEIGHTS[i], 0);
      if (sum % 31 === 0) break;
    }
    expect(usccCheckChar(body)).toBe("0");
    expect(isValidUscc(body + "0")).toBe(true);
  });

  it("rejects every single-character substitution of the real codes", () => {
    for (const [code] of REAL) {
      for (let i = 0; i < 18; i++) {
        for (const c of USCC_ALPHABET) {
          if (c === code[i]) continue;
          const m = code.slice(0, i) + c + code.slice(i + 1);
          expect(isValidUscc(m), m).toBe(false);
        }
      }
    }
  });

  it("rejects every adjacent transposition of the real codes", () => {
    for (const [code] of REAL) {
      for (let i = 0; i < 17; i++) {
        if (code[i] === code[i + 1]) continue;
        const m = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(isValidUscc(m), m).toBe(false);
      }
    }
  });

  it.each([
    ["", "empty"],
    ["91350100M000100Y4", "17 characters"],
    ["91350100M000100Y433", "19 characters"],
    ["91350100m000100y43", "lower case (strict form)"],
    ["91350100I000100Y43", "excluded letter I"],
    ["91350100O000100Y43", "excluded letter O"],
    ["91350100M000100Y4Z", "excluded letter Z as check"],
    ["91350100M000100Y4 ", "trailing space (strict form)"],
  ])("rejects %j (%s)", (code) => {
    expect(isValidUscc(code)).toBe(false);
  });

  it("usccCheckChar refuses malformed bodies", () => {
    expect(usccCheckChar("91350100M000100Y")).toBeNull();
    expect(usccCheckChar("91350100S000100Y4")).toBeNull();
  });
});

describe("Zod helpers", () => {
  it("usccSchema normalises spaces, hyphens, case and full-width input", () => {
    expect(usccSchema.parse(" 9135 0100-m000 100y43 ")).toBe("91350100M000100Y43");
    expect(usccSchema.parse("９１３５０１００Ｍ０００１００Ｙ４３")).toBe("91350100M000100Y43");
    expect(normalizeUscc("9144030071526726xg")).toBe("9144030071526726XG");
  });

  it("usccSchema fails with the i18n key", () => {
    const r = usccSchema.safeParse("91350100M000100Y44");
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0].message).toBe("works.uscc.invalid");
  });

  it("refineUscc works inside another schema", () => {
    const owner = z.object({ name: z.string(), uscc: z.string().superRefine(refineUscc) });
    expect(owner.safeParse({ name: "x", uscc: "914403001922038216" }).success).toBe(true);
    const bad = owner.safeParse({ name: "x", uscc: "914403001922038217" });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues[0]).toMatchObject({ path: ["uscc"], message: "works.uscc.invalid" });
  });
});
