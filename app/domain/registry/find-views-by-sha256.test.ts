import { describe, expect, it } from "vitest";
import { normalizeSha256 } from "./find-views-by-sha256.server";
import { isValidLicenseNumber, LICENSE_NUMBER_EXAMPLE } from "~/domain/licensing/license-number";

const hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

describe("normalizeSha256", () => {
  it("accepts bare hex, upper case, sha256: and the 0x form of certificate JSON", () => {
    for (const s of [hex, hex.toUpperCase(), `sha256:${hex}`, `0x${hex}`, ` 0X${hex.toUpperCase()} `]) expect(normalizeSha256(s)).toBe(hex);
  });
  it("refuses anything else", () => {
    for (const s of ["", "0x", hex.slice(1), `${hex}00`, `0x0x${hex}`, "zz".repeat(32)]) expect(normalizeSha256(s)).toBeNull();
  });
  it("the licence form's example is a valid licence number", () => {
    expect(LICENSE_NUMBER_EXAMPLE).toBe("JDZL-2026-000001-B");
    expect(isValidLicenseNumber(LICENSE_NUMBER_EXAMPLE)).toBe(true);
  });
});
