import { describe, expect, it } from "vitest";
import { issueMessage, parseCatalogCsv, parseImages } from "./catalog-csv";

describe("parseCatalogCsv", () => {
  it("reads English headers, codes, lists and dimensions", () => {
    const csv = [
      "title_zh,title_en,category,techniques,height_mm,width_mm,creation_date,authors,visibility,images",
      `青花梅瓶,Meiping,vase,qinghua;linglong,320,180 mm,2025-03-01,"陈青|Chen Qing|设计; 李白",sealed,"front:a.jpg; base_mark:b.png; c.jpg"`,
    ].join("\n");
    const { rows, issues, total } = parseCatalogCsv(csv);
    expect(issues).toEqual([]);
    expect(total).toBe(1);
    expect(rows[0]).toEqual({
      row: 2,
      values: {
        titleZh: "青花梅瓶",
        titleEn: "Meiping",
        descriptionZh: "",
        descriptionEn: "",
        category: "vase",
        techniques: ["qinghua", "linglong"],
        heightMm: 320,
        widthMm: 180,
        depthMm: undefined,
        creationDate: "2025-03-01",
        authors: [
          { name: "陈青", nameEn: "Chen Qing", role: "设计" },
          { name: "李白", nameEn: "", role: "" },
        ],
        visibility: "sealed",
      },
      images: [
        { kind: "front", file: "a.jpg" },
        { kind: "base_mark", file: "b.png" },
        { kind: "detail", file: "c.jpg" },
      ],
    });
  });

  it("reads Chinese headers and localized labels, with a UTF-8 BOM", () => {
    const csv = "\uFEFF标题,类别,工艺,作者,公开性,图片,高\n粉彩盘,餐具,粉彩、青花,周白,公开,正面:p.jpg；底款:q.jpg,25\n";
    const { rows, issues } = parseCatalogCsv(csv);
    expect(issues).toEqual([]);
    expect(rows[0]!.values).toMatchObject({ titleZh: "粉彩盘", category: "tableware", techniques: ["fencai", "qinghua"], visibility: "public", heightMm: 25 });
    expect(rows[0]!.images).toEqual([
      { kind: "front", file: "p.jpg" },
      { kind: "base_mark", file: "q.jpg" },
    ]);
  });

  it("reports every bad cell with row, column and a localized message, and keeps good rows", () => {
    const csv = [
      "title_zh,category,techniques,authors,images,creation_date,height_mm,visibility",
      "好的,vase,qinghua,陈青,a.jpg,,,",
      ",spaceship,glitter,,side:b.jpg,2999-01-01,tall,secretish",
      "第三,vase,,陈青,,,,",
    ].join("\n");
    const { rows, issues } = parseCatalogCsv(csv);
    expect(rows.map((r) => r.row)).toEqual([2]);
    const at = (row: number) => issues.filter((i) => i.row === row).map((i) => [i.column, i.messageKey]);
    expect(at(3)).toEqual([
      ["category", "catalog.import.error.badCategory"],
      ["techniques", "catalog.import.error.badTechnique"],
      ["visibility", "catalog.import.error.badVisibility"],
      ["height_mm", "works.form.badDimension"],
      ["images", "catalog.import.error.noFront"],
      ["title_zh", "works.form.titleRequired"],
      ["creation_date", "works.form.futureDate"],
      ["authors", "works.form.authorRequired"],
    ]);
    expect(at(4)).toEqual([["images", "catalog.import.error.noImages"]]);
    const bad = issues.find((i) => i.column === "category")!;
    expect(issueMessage(bad, "en")).toContain("spaceship");
    expect(issueMessage(bad, "zh-CN")).toContain("spaceship");
    expect(issueMessage(bad, "zh-CN")).not.toBe(issueMessage(bad, "en"));
  });

  it("refuses a file without the required columns, and names unknown ones", () => {
    const { rows, issues } = parseCatalogCsv("name,colour\nx,blue\n");
    expect(rows).toEqual([]);
    expect(issues.map((i) => i.messageKey)).toEqual([
      "catalog.import.error.unknownColumn",
      "catalog.import.error.unknownColumn",
      "catalog.import.error.missingColumns",
    ]);
    expect(parseCatalogCsv("").issues[0]!.messageKey).toBe("catalog.import.error.emptyCsv");
    const quote = parseCatalogCsv('title_zh,category\n"unterminated,vase\n').issues[0]!;
    expect(quote.messageKey).toBe("catalog.import.error.csvQuote");
    // in the reader's language, without the parser's English
    expect(issueMessage(quote, "zh-CN")).toMatch(/引号/);
    expect(issueMessage(quote, "zh-CN")).not.toMatch(/[A-Za-z]{4,}/);
  });

  it("parses image lists: prefixes, paths stripped, limits", () => {
    expect(parseImages("dir/sub/a.jpg; 侧面:../b.jpg").images).toEqual([
      { kind: "front", file: "a.jpg" },
      { kind: "side", file: "b.jpg" },
    ]);
    expect(parseImages("C:\\photos\\a.jpg").images).toEqual([{ kind: "front", file: "a.jpg" }]);
    expect(parseImages("bottom:a.jpg").issues[0]!.messageKey).toBe("catalog.import.error.badViewKind");
    expect(parseImages(Array.from({ length: 9 }, (_, i) => `${i}.jpg`).join(";")).issues[0]!.messageKey).toBe("catalog.import.error.tooManyImages");
  });
});

describe("docs/import-sample.csv", () => {
  it("is a valid import with zh headers, labels, lists and a sealed row", async () => {
    const fs = await import("node:fs");
    const { rows, issues } = parseCatalogCsv(fs.readFileSync("docs/import-sample.csv"));
    expect(issues).toEqual([]);
    expect(rows.map((r) => [r.values.category, r.values.visibility, r.images.map((i) => i.kind)])).toEqual([
      ["vase", "public", ["front", "base_mark"]],
      ["tableware", "public", ["front"]],
      ["designer_toy", "sealed", ["front", "side"]],
    ]);
  });
});
