import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect";

const FALLBACK = "/fallback";

describe("safeRedirect", () => {
  const refused: [string, unknown][] = [
    ["protocol-relative", "//evil.example"],
    ["protocol-relative with path", "//evil.example/works"],
    ["slash backslash", "/\\evil.example"],
    ["double backslash", "\\\\evil.example"],
    ["backslash slash", "\\/evil.example"],
    ["encoded tab between slashes", "/%09/evil.example"],
    ["raw tab between slashes", "/\t/evil.example"],
    ["raw newline", "/\n/evil.example"],
    ["raw carriage return", "/\r/evil.example"],
    ["newline in the query", "/works?q=\nSet-Cookie:x"],
    ["NUL byte", "/works\u0000"],
    ["C1 control", "/works\u0085"],
    ["encoded slashes", "%2F%2Fevil.example"],
    ["encoded second slash", "/%2Fevil.example"],
    ["encoded backslash", "/%5Cevil.example"],
    ["encoded newline", "/%0a/evil.example"],
    ["encoded CR LF", "/works%0d%0aLocation:%20//evil"],
    ["malformed escape", "/works%E0%A4%A"],
    ["dot segment to protocol-relative", "/.//evil.example"],
    ["dot-dot segment to protocol-relative", "/a/..//evil.example"],
    ["javascript:", "javascript:alert(1)"],
    ["javascript: with leading space", " javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["absolute URL to another host", "https://evil.example/login"],
    ["absolute URL with credentials", "https://kilnmark.test@evil.example/"],
    ["scheme-relative with tab inside", "/\t\t/evil.example"],
    ["relative path", "works"],
    ["empty", ""],
    ["too long", "/" + "a".repeat(3000)],
    ["not a string", 42],
    ["null", null],
    ["undefined", undefined],
  ];
  for (const [name, input] of refused) {
    it(`refuses ${name}`, () => {
      expect(safeRedirect(input, FALLBACK)).toBe(FALLBACK);
    });
  }

  const allowed: [string, string, string][] = [
    ["a plain path", "/dashboard", "/dashboard"],
    ["path, query and fragment", "/works?q=1#x", "/works?q=1#x"],
    ["an encoded slash in the query", "/works?q=%2F%2Fevil", "/works?q=%2F%2Fevil"],
    ["a Chinese query", "/works?q=青花", "/works?q=%E9%9D%92%E8%8A%B1"],
    ["a case link with token", "/cases/KM-C-2026-000001?t=abc", "/cases/KM-C-2026-000001?t=abc"],
    ["dot segments that stay on a path", "/a/../works", "/works"],
    ["the root", "/", "/"],
  ];
  for (const [name, input, expected] of allowed) {
    it(`keeps ${name}`, () => {
      expect(safeRedirect(input, FALLBACK)).toBe(expected);
    });
  }

  it("defaults to the dashboard", () => {
    expect(safeRedirect("//evil.example")).toBe("/dashboard");
  });

  it("never returns something a browser resolves to another origin", () => {
    const base = "https://kilnmark.test";
    const tricky = ["/\t/evil", "/%09/evil", "/.//evil", "//evil", "/\\evil", "\\\\evil", "/ /evil", "/%20/evil", "/..//evil", "/works/..//evil"];
    for (const t of tricky) expect(new URL(safeRedirect(t, FALLBACK), base).origin).toBe(base);
  });
});
