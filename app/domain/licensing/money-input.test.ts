import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bpsToPercentInput, fenToYuanInput, parsePercentToBps, parseYuanToFen } from "./money-input";

describe("parseYuanToFen", () => {
  it.each([
    ["0", 0],
    ["1", 100],
    ["0.29", 29],
    ["0.1", 10],
    ["1234.5", 123450],
    ["1,234.50", 123450],
    ["¥ 1,234.50", 123450],
    ["￥88", 8800],
    [" 12. ", 1200],
    ["90071992547409.91", 9007199254740991],
  ])("%s → %i fen", (input, fen) => {
    expect(parseYuanToFen(input)).toBe(fen);
  });

  it.each(["", "abc", "-1", "1.234", "1e3", "0x10", "1.2.3", "90071992547409.92", ".5"])("refuses %j", (input) => {
    expect(parseYuanToFen(input)).toBeNull();
  });

  it("round-trips every amount exactly (no float drift)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        expect(parseYuanToFen(fenToYuanInput(fen))).toBe(fen);
      }),
    );
  });
});

describe("parsePercentToBps", () => {
  it("reads percent with up to two decimals", () => {
    expect(parsePercentToBps("5")).toBe(500);
    expect(parsePercentToBps("5.25")).toBe(525);
    expect(parsePercentToBps("0.01")).toBe(1);
    expect(parsePercentToBps("100")).toBe(10_000);
    expect(parsePercentToBps("100.01")).toBeNull();
    expect(parsePercentToBps("5.255")).toBeNull();
  });
  it("round-trips", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (bps) => {
        expect(parsePercentToBps(bpsToPercentInput(bps))).toBe(bps);
      }),
    );
  });
});
