import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { hasKey } from "~/utils/i18n";
import { API_ERROR_CODES, apiErrorCode } from "./api-error-codes";

describe("API error codes", () => {
  it("are explicit per error, not derived from the message key", () => {
    expect(apiErrorCode(new DomainError("TOO_LARGE", "imaging.error.tooLarge"))).toBe("too_large");
    expect(apiErrorCode(new DomainError("UNAVAILABLE", "motif.error.unavailable"))).toBe("unavailable");
    // An error without an entry answers with its kind, whatever its key says.
    expect(apiErrorCode(new DomainError("CONFLICT", "licensing.error.someNewProblem"))).toBe("conflict");
  });

  it("name real messages, and every code docs/api.md lists for /match is one of them", () => {
    for (const key of Object.keys(API_ERROR_CODES)) expect(hasKey(key), key).toBe(true);
    const docs = readFileSync("docs/api.md", "utf8");
    const table = docs.slice(docs.indexOf("POST /api/v1/match"));
    const documented = [...table.matchAll(/^\| \d{3} \| `([a-z_]+)`(?: \/ `([a-z_]+)`)? \|/gm)].flatMap((m) => [m[1]!, m[2]].filter(Boolean) as string[]);
    const known = new Set([...Object.values(API_ERROR_CODES), "method_not_allowed", "rate_limited"]);
    expect(documented.length).toBeGreaterThan(10);
    expect(documented.filter((c) => !known.has(c))).toEqual([]);
  });
});
