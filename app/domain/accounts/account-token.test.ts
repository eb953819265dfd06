import { describe, expect, it } from "vitest";
import { ACCOUNT_TOKEN_PATTERN, ACCOUNT_TOKEN_TTL_MS, accountTokenExpiry, accountTokenState } from "./account-token";

const now = new Date("2026-11-30T10:00:00.000Z");

describe("account tokens", () => {
  it("a reset link lives one hour, a verification link two days", () => {
    expect(accountTokenExpiry("reset", now).toISOString()).toBe("2026-11-30T11:00:00.000Z");
    expect(accountTokenExpiry("verify", now).toISOString()).toBe("2026-12-02T10:00:00.000Z");
    expect(ACCOUNT_TOKEN_TTL_MS.reset).toBe(3_600_000);
  });

  it("is valid until it expires, expired at the expiry instant and after", () => {
    const expiresAt = accountTokenExpiry("reset", now);
    expect(accountTokenState({ expiresAt, usedAt: null }, now)).toBe("valid");
    expect(accountTokenState({ expiresAt, usedAt: null }, new Date(expiresAt.getTime() - 1))).toBe("valid");
    expect(accountTokenState({ expiresAt, usedAt: null }, expiresAt)).toBe("expired");
    expect(accountTokenState({ expiresAt, usedAt: null }, new Date(expiresAt.getTime() + 1))).toBe("expired");
  });

  it("a used token stays used, even before its expiry", () => {
    const expiresAt = accountTokenExpiry("verify", now);
    expect(accountTokenState({ expiresAt, usedAt: now }, now)).toBe("used");
    expect(accountTokenState({ expiresAt, usedAt: now }, new Date(expiresAt.getTime() + 1))).toBe("used");
  });

  it("recognises only well-formed tokens", () => {
    expect(ACCOUNT_TOKEN_PATTERN.test("a".repeat(43))).toBe(true);
    expect(ACCOUNT_TOKEN_PATTERN.test("a".repeat(42))).toBe(false);
    expect(ACCOUNT_TOKEN_PATTERN.test("a".repeat(42) + "/")).toBe(false);
  });
});
