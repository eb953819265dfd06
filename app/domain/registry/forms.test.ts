import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { translate } from "~/utils/i18n";
import { bulkDecisionSchema, decisionSchema, importCatalogFormSchema, importFieldOf, myWorkActionFormSchema } from "./forms";

const formData = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};
const errorsOf = (r: object) => ("error" in r ? (r.error as Record<string, string[] | null>) : undefined);

describe("the examination decision form (as Conform parses it)", () => {
  it("registers with the button alone; rejects or asks for changes with a listed reason", () => {
    expect(parseWithZod(formData([["intent", "register"]]), { schema: decisionSchema }).status).toBe("success");
    const ok = parseWithZod(
      formData([
        ["intent", "changes"],
        ["reason", "insufficient_photos"],
        ["note", "  the base  "],
      ]),
      { schema: decisionSchema },
    );
    expect(ok.status === "success" && ok.value).toEqual({ intent: "changes", reason: "insufficient_photos", note: "the base" });
  });

  it("refuses a rejection without a reason, an unlisted reason, 'other' without a note, a long note and an unknown intent", () => {
    expect(errorsOf(parseWithZod(formData([["intent", "reject"]]), { schema: decisionSchema }))?.reason).toEqual(["works.form.reasonRequired"]);
    expect(
      errorsOf(
        parseWithZod(
          formData([
            ["intent", "reject"],
            ["reason", "because"],
          ]),
          { schema: decisionSchema },
        ),
      )?.reason,
    ).toEqual(["works.form.reasonRequired"]);
    expect(
      errorsOf(
        parseWithZod(
          formData([
            ["intent", "reject"],
            ["reason", "other"],
          ]),
          { schema: decisionSchema },
        ),
      )?.note,
    ).toEqual(["works.form.noteRequired"]);
    expect(
      errorsOf(
        parseWithZod(
          formData([
            ["intent", "changes"],
            ["reason", "insufficient_photos"],
            ["note", "x".repeat(2001)],
          ]),
          { schema: decisionSchema },
        ),
      )?.note,
    ).toEqual(["works.form.tooLong"]);
    expect(errorsOf(parseWithZod(formData([["intent", "publish"]]), { schema: decisionSchema }))?.intent).toEqual(["common.form.unknownAction"]);
    expect(errorsOf(parseWithZod(formData([]), { schema: decisionSchema }))?.intent).toEqual(["common.form.unknownAction"]);
  });

  it("its messages exist in both languages", () => {
    for (const key of ["works.form.reasonRequired", "works.form.noteRequired", "works.form.tooLong", "common.form.unknownAction", "examination.bulk.badForm"]) {
      expect(translate("en", key)).not.toBe(key);
      expect(translate("zh-CN", key)).not.toBe(key);
    }
  });
});

describe("the examination queue's bulk decision", () => {
  it("reads one, several or no selected works as a list", () => {
    const one = parseWithZod(
      formData([
        ["intent", "bulk-register"],
        ["workId", "w1"],
      ]),
      { schema: bulkDecisionSchema },
    );
    expect(one.status === "success" && one.value).toEqual({ intent: "bulk-register", workId: ["w1"], note: "" });
    const many = parseWithZod(
      formData([
        ["intent", "bulk-reject"],
        ["workId", "w1"],
        ["workId", "w2"],
        ["reason", "other"],
        ["note", "dup"],
      ]),
      { schema: bulkDecisionSchema },
    );
    expect(many.status === "success" && many.value).toEqual({ intent: "bulk-reject", workId: ["w1", "w2"], reason: "other", note: "dup" });
    const none = parseWithZod(formData([["intent", "bulk-register"]]), { schema: bulkDecisionSchema });
    expect(none.status === "success" && none.value.workId).toEqual([]);
  });

  it("refuses an unknown intent, an unlisted reason, too many works and a long note", () => {
    expect(errorsOf(parseWithZod(formData([["intent", "bulk-delete"]]), { schema: bulkDecisionSchema }))?.intent).toEqual(["common.form.unknownAction"]);
    expect(
      errorsOf(
        parseWithZod(
          formData([
            ["intent", "bulk-reject"],
            ["reason", "because"],
          ]),
          { schema: bulkDecisionSchema },
        ),
      )?.reason,
    ).toEqual(["works.form.reasonRequired"]);
    const tooMany = parseWithZod(formData([["intent", "bulk-register"], ...Array.from({ length: 1001 }, (_, i): [string, string] => ["workId", `w${i}`])]), {
      schema: bulkDecisionSchema,
    });
    expect(errorsOf(tooMany)?.workId).toEqual(["examination.bulk.badForm"]);
    expect(
      errorsOf(
        parseWithZod(
          formData([
            ["intent", "bulk-reject"],
            ["note", "x".repeat(2001)],
          ]),
          { schema: bulkDecisionSchema },
        ),
      )?.note,
    ).toEqual(["works.form.tooLong"]);
  });
});

describe("the owner's work page buttons", () => {
  it("submit and delete pass; anything else is an unknown action", () => {
    for (const intent of ["submit", "delete"]) expect(parseWithZod(formData([["intent", intent]]), { schema: myWorkActionFormSchema }).status).toBe("success");
    for (const entries of [[], [["intent", "publish"]]] as [string, string][][])
      expect(errorsOf(parseWithZod(formData(entries), { schema: myWorkActionFormSchema }))?.intent).toEqual(["common.form.unknownAction"]);
  });
});

describe("the catalog import's owner field", () => {
  it("defaults to self, keeps a studio id, and ignores the file parts", () => {
    const f = formData([]);
    f.append("csv", new File(["titleZh\n"], "c.csv", { type: "text/csv" }));
    const none = parseWithZod(f, { schema: importCatalogFormSchema });
    expect(none.status === "success" && none.value).toEqual({ owner: "self" });
    const studio = parseWithZod(formData([["owner", " org_123 "]]), { schema: importCatalogFormSchema });
    expect(studio.status === "success" && studio.value.owner).toBe("org_123");
  });
  it("refuses a forged, overlong owner under its input; CSV refusals belong under the file input", () => {
    expect(errorsOf(parseWithZod(formData([["owner", "x".repeat(65)]]), { schema: importCatalogFormSchema }))?.owner).toEqual(["works.form.invalid"]);
    expect(importFieldOf("catalog.import.error.notCsv")).toBe("csv");
    expect(importFieldOf("catalog.import.error.csvTooLarge")).toBe("csv");
    expect(importFieldOf("imaging.error.tooLarge")).toBeUndefined();
    expect(translate("en", "catalog.import.error.csvTooLarge", { maxMb: 5 })).toBe("The CSV file is larger than 5 MB.");
    expect(translate("zh-CN", "catalog.import.error.csvTooLarge", { maxMb: 5 })).toBe("CSV 文件超过 5 MB。");
  });
});
