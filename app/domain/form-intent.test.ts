import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { acceptInvitationFormSchema, markNotificationsReadFormSchema, resendVerificationFormSchema } from "~/domain/accounts/schemas";
import { connectFormSchema } from "~/domain/licensing/forms";
import { translate } from "~/utils/i18n";
import { buttonFormSchema } from "./form-intent";

const formData = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
};
const errorsOf = (r: object) => ("error" in r ? (r.error as Record<string, string[] | null>) : undefined);

describe("single-button forms (only a fixed intent)", () => {
  const cases = [
    [markNotificationsReadFormSchema, "mark-read"],
    [acceptInvitationFormSchema, "accept"],
    [resendVerificationFormSchema, "resend"],
    [connectFormSchema, "connect"],
  ] as const;

  it.each(cases)("accepts its own intent (%#)", (schema, intent) => {
    const r = parseWithZod(formData({ intent }), { schema });
    expect(r.status).toBe("success");
    expect(r.status === "success" && r.value.intent).toBe(intent);
  });

  it.each(cases)("refuses a missing, other or forged intent with the unknown-action key (%#)", (schema) => {
    for (const entries of [{}, { intent: "" }, { intent: "delete" }, { intent: "x".repeat(5000) }] as Record<string, string>[]) {
      const r = parseWithZod(formData(entries), { schema });
      expect(r.status).toBe("error");
      expect(errorsOf(r)?.intent).toEqual(["common.form.unknownAction"]);
    }
  });

  it("the message exists in both languages", () => {
    expect(buttonFormSchema("x").shape.intent.value).toBe("x");
    expect(translate("en", "common.form.unknownAction")).toBe("This form could not be read. Reload the page and try again.");
    expect(translate("zh-CN", "common.form.unknownAction")).toBe("无法识别此表单，请刷新页面后重试。");
  });
});
