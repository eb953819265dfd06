import { describe, expect, it } from "vitest";
import { parseCatalogCsv } from "./catalog-csv";
import { IMPORT_TEMPLATE_CSV } from "./import-template";

describe("import template", () => {
  it("parses without issues: every row valid, a sealed work and named views included", () => {
    const { rows, issues, total } = parseCatalogCsv(IMPORT_TEMPLATE_CSV);
    expect(issues).toEqual([]);
    expect(total).toBe(3);
    expect(rows).toHaveLength(3);
    expect(rows.some((r) => r.values.visibility === "sealed")).toBe(true);
    expect(rows[0].images.map((i) => i.kind)).toEqual(["front", "base_mark"]);
  });
});
