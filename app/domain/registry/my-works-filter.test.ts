import { describe, expect, it } from "vitest";
import { pageCount, parseMyWorksFilter } from "./my-works-filter";

describe("parseMyWorksFilter", () => {
  it("reads query, known status and page", () => {
    expect(parseMyWorksFilter(new URLSearchParams("q=%20梅瓶%20&status=registered&page=3"))).toEqual({ q: "梅瓶", status: "registered", page: 3 });
  });
  it("falls back on unknown status and bad pages", () => {
    for (const page of ["0", "-1", "1.5", "abc", "1e9"])
      expect(parseMyWorksFilter(new URLSearchParams(`page=${page}&status=nope`))).toEqual({ q: "", status: null, page: 1 });
  });
  it("honours a prefix so two lists can share one page", () => {
    expect(parseMyWorksFilter(new URLSearchParams("wq=a&wstatus=draft&wpage=2&q=b"), "w")).toEqual({ q: "a", status: "draft", page: 2 });
  });
  it("counts pages", () => {
    expect([0, 1, 20, 21, 40, 41].map((n) => pageCount(n))).toEqual([1, 1, 1, 2, 2, 3]);
  });
});
