import { describe, expect, it } from "vitest";
import { parseCatalogFilters, parseOwnerFilter } from "./catalog-filters";

describe("catalog filters", () => {
  it("keeps valid values and drops malformed ones without throwing", () => {
    expect(parseCatalogFilters(new URLSearchParams("q= vase &category=vase&technique=qinghua&owner=user:abc123&year=2026&page=2"))).toEqual({
      q: "vase",
      category: "vase",
      technique: "qinghua",
      owner: "user:abc123",
      year: 2026,
      page: 2,
    });
    expect(parseCatalogFilters(new URLSearchParams("category=spaceship&technique=&owner=x;drop&year=19&page=-1&q="))).toEqual({
      q: undefined,
      category: undefined,
      technique: undefined,
      owner: undefined,
      year: undefined,
      page: undefined,
    });
  });

  it("parses owner filters", () => {
    expect(parseOwnerFilter("org:ckx1")).toEqual({ kind: "org", id: "ckx1" });
    expect(parseOwnerFilter("group:1")).toBeNull();
  });
});
