import { describe, expect, it } from "vitest";
import { cappedTotal, COUNT_CAP, foldFacetRows, ftsPhrase, likeContains, pageWindow, planTextSearch, searchTerms, totalFromFacets } from "./catalog-query";

describe("catalog search terms", () => {
  it("splits on white space, drops duplicates and control characters, keeps at most 8 terms", () => {
    expect(searchTerms("  青花  Lotus lotus\u0000梅瓶 ")).toEqual(["青花", "Lotus", "梅瓶"]);
    expect(searchTerms("a b c d e f g h i j")).toHaveLength(8);
    expect(searchTerms(" \t ")).toEqual([]);
  });

  it("sends terms of 3+ characters to the trigram index as quoted phrases, shorter ones as prefixes and escaped LIKE", () => {
    expect(planTextSearch('缠枝莲 瓶 "x" OR*')).toEqual({
      phrases: ['"缠枝莲"', '"""x"""', '"OR*"'],
      longTerms: ["缠枝莲", '"x"', "OR*"],
      shortTerms: ["瓶"],
      likePatterns: ["%瓶%"],
    });
    expect(planTextSearch("Ab")!.shortTerms).toEqual(["ab"]);
    // Characters, not UTF-16 units: one astral character is one character.
    expect(planTextSearch("𠀀𠀀")!.shortTerms).toEqual(["𠀀𠀀"]);
    expect(planTextSearch("  ")).toBeNull();
  });

  it("escapes FTS5 quotes and LIKE wildcards", () => {
    expect(ftsPhrase('a"b')).toBe('"a""b"');
    expect(likeContains("5%_\\")).toBe("%5\\%\\_\\\\%");
  });
});

describe("page window", () => {
  it("reads the front half from the newest end and the back half from the oldest end", () => {
    expect(pageWindow({ page: 1, total: 100, pageSize: 24 })).toEqual({ page: 1, pages: 5, offset: 0, limit: 24, fromEnd: false });
    expect(pageWindow({ page: 4, total: 100, pageSize: 24 })).toEqual({ page: 4, pages: 5, offset: 4, limit: 24, fromEnd: true });
    expect(pageWindow({ page: 5, total: 100, pageSize: 24 })).toEqual({ page: 5, pages: 5, offset: 0, limit: 4, fromEnd: true });
    expect(pageWindow({ page: 99, total: 100, pageSize: 24 }).page).toBe(5);
    expect(pageWindow({ page: 1, total: 0, pageSize: 24 })).toEqual({ page: 1, pages: 1, offset: 0, limit: 0, fromEnd: false });
  });

  it("every page of every size covers the rows once, in order", () => {
    for (let total = 0; total <= 75; total++) {
      const seen: number[] = [];
      const pages = Math.max(1, Math.ceil(total / 24));
      for (let p = 1; p <= pages; p++) {
        const w = pageWindow({ page: p, total, pageSize: 24 });
        const rows = w.fromEnd
          ? Array.from({ length: w.limit }, (_, i) => total - 1 - w.offset - i).reverse()
          : Array.from({ length: w.limit }, (_, i) => w.offset + i);
        seen.push(...rows);
      }
      expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
    }
  });
});

describe("capped counts", () => {
  it("stops at COUNT_CAP, and a capped result's pages are read from the newest end up to the cap", () => {
    expect(cappedTotal(COUNT_CAP)).toEqual({ total: COUNT_CAP, capped: false });
    expect(cappedTotal(COUNT_CAP + 1)).toEqual({ total: COUNT_CAP, capped: true });
    const pages = Math.ceil(COUNT_CAP / 24);
    const last = pageWindow({ page: 10_000, total: COUNT_CAP, pageSize: 24, capped: true });
    expect(last).toEqual({ page: pages, pages, offset: (pages - 1) * 24, limit: COUNT_CAP - (pages - 1) * 24, fromEnd: false });
    // An exact total of the same size is read from the oldest end instead.
    expect(pageWindow({ page: pages, total: COUNT_CAP, pageSize: 24 }).fromEnd).toBe(true);
  });
});

describe("totals from facet counts", () => {
  const facets = foldFacetRows([
    { facet: "all", key: "", label: "", works: 10 },
    { facet: "owner", key: "user:a", label: "周白", works: 3 },
    { facet: "owner", key: "user:a", label: "Zhou", works: 2 },
    { facet: "owner", key: "org:s", label: "青花坊", works: 5 },
    { facet: "year", key: "2025", label: "", works: 4 },
    { facet: "year", key: "2026", label: "", works: 6 },
    { facet: "category", key: "vase", label: "", works: 7 },
    { facet: "technique", key: "qinghua", label: "", works: 2 },
    { facet: "owner", key: "user:gone", label: "x", works: 0 },
  ]);

  it("folds rows: an owner's works summed over its names, shown by the first name", () => {
    expect(facets.owners).toEqual([
      { value: "user:a", name: "Zhou", works: 5 },
      { value: "org:s", name: "青花坊", works: 5 },
    ]);
    expect(facets.total).toBe(10);
    expect([...facets.years]).toEqual([
      [2025, 4],
      [2026, 6],
    ]);
  });

  it("answers single-facet filters and leaves combinations and text to a count", () => {
    expect(totalFromFacets({ publicOnly: false }, facets)).toBe(10);
    expect(totalFromFacets({ publicOnly: false, owner: { kind: "user", id: "a" } }, facets)).toBe(5);
    expect(totalFromFacets({ publicOnly: false, owner: { kind: "org", id: "nobody" } }, facets)).toBe(0);
    expect(totalFromFacets({ publicOnly: false, year: 2026 }, facets)).toBe(6);
    expect(totalFromFacets({ publicOnly: true, category: "vase" }, facets)).toBe(7);
    expect(totalFromFacets({ publicOnly: true, technique: "qinghua" }, facets)).toBe(2);
    expect(totalFromFacets({ publicOnly: true, category: "vase", year: 2026 }, facets)).toBeNull();
    expect(totalFromFacets({ publicOnly: true, text: planTextSearch("lotus")! }, facets)).toBeNull();
    expect(totalFromFacets({ publicOnly: false, registrationNumber: "JDZ-2026-000001-X" }, facets)).toBeNull();
  });
});
