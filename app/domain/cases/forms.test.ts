import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { translate } from "~/utils/i18n";
import { caseAnswerFormSchema, caseEvidenceFormSchema, caseFieldOf, caseFormMessage, caseMessageFormSchema, caseReasonFormSchema } from "./forms";

const formData = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
};

/** The field errors of a refused submission (undefined when it passed). */
const errorsOf = (r: object) => ("error" in r ? (r.error as Record<string, string[] | null>) : undefined);

describe("the case page's forms (as Conform parses them)", () => {
  it("a message needs 1 to 4000 characters after trimming", () => {
    const ok = parseWithZod(formData({ body: "  the seller relisted it  " }), { schema: caseMessageFormSchema });
    expect(ok.status === "success" && ok.value.body).toBe("the seller relisted it");
    for (const body of ["", "   ", "x".repeat(4001)]) {
      const r = parseWithZod(formData({ body }), { schema: caseMessageFormSchema });
      expect(r.status).toBe("error");
      expect(errorsOf(r)?.body).toEqual(["cases.form.messageRequired"]);
    }
  });

  it("an appeal or requested information needs a reason of 2 to 4000 characters", () => {
    expect(errorsOf(parseWithZod(formData({ reason: "x" }), { schema: caseReasonFormSchema }))?.reason).toEqual(["cases.form.reasonRequired"]);
    expect(errorsOf(parseWithZod(formData({}), { schema: caseReasonFormSchema }))?.reason).toEqual(["cases.form.reasonRequired"]);
    expect(parseWithZod(formData({ reason: "receipt attached" }), { schema: caseReasonFormSchema }).status).toBe("success");
  });

  it("evidence has an optional description; an answer a body and an optional licence number", () => {
    const ev = parseWithZod(formData({}), { schema: caseEvidenceFormSchema });
    expect(ev.status === "success" && ev.value).toEqual({ description: "" });
    const answer = parseWithZod(formData({ body: "we hold a licence" }), { schema: caseAnswerFormSchema });
    expect(answer.status === "success" && answer.value).toEqual({ body: "we hold a licence", licenseNumber: "" });
    expect(parseWithZod(formData({ body: "ok", licenseNumber: "x".repeat(41) }), { schema: caseAnswerFormSchema }).status).toBe("error");
  });

  it("every message a case form shows exists in zh-CN and en", () => {
    for (const key of ["cases.form.messageRequired", "cases.form.reasonRequired", "cases.form.fixErrors", "cases.error.noFiles"]) {
      for (const locale of ["zh-CN", "en"] as const) expect(translate(locale, key)).not.toBe(key);
    }
    expect(translate("zh-CN", "cases.form.messageRequired")).toContain("4000");
  });
});

describe("caseFormMessage and caseFieldOf", () => {
  it("puts the first case message above the form, else the generic line", () => {
    expect(caseFormMessage({ reason: ["cases.form.reasonRequired"] })).toBe("cases.form.reasonRequired");
    expect(caseFormMessage({ type: ["Invalid enum value"] })).toBe("cases.form.fixErrors");
    expect(caseFormMessage(null)).toBe("cases.form.fixErrors");
  });
  it("names the input a use-case's refusal is about", () => {
    expect(caseFieldOf("cases.form.messageLength")).toBe("body");
    expect(caseFieldOf("cases.form.reasonRequired")).toBe("reason");
    expect(caseFieldOf("cases.error.noFiles")).toBe("files");
    expect(caseFieldOf("cases.error.caseClosed")).toBeUndefined();
  });
});
