import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { translate } from "~/utils/i18n";
import { adminCreateUserFormSchema, adminForceResetFormSchema, adminToggleUserFormSchema, inviteMemberFormSchema } from "./schemas";

const formData = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
};
const errorsOf = (r: object) => ("error" in r ? (r.error as Record<string, string[] | null>) : undefined);

describe("the studio invitation form", () => {
  it("takes an e-mail address, trimmed and lower-cased", () => {
    const ok = parseWithZod(formData({ email: "  New.Member@Example.COM " }), { schema: inviteMemberFormSchema });
    expect(ok.status === "success" && ok.value.email).toBe("new.member@example.com");
  });
  it("refuses an empty or malformed address with its key", () => {
    expect(errorsOf(parseWithZod(formData({ email: "" }), { schema: inviteMemberFormSchema }))?.email).toEqual(["auth.error.emailRequired"]);
    expect(errorsOf(parseWithZod(formData({ email: "not-an-address" }), { schema: inviteMemberFormSchema }))?.email).toEqual(["auth.error.emailInvalid"]);
  });
});

describe("the administrator's user forms", () => {
  const create = { intent: "create", name: "Officer Test", email: "o@example.com", password: "long-enough-pw", role: "officer" };
  it("creates with a name, address, password of 10+ characters and a known role", () => {
    const ok = parseWithZod(formData(create), { schema: adminCreateUserFormSchema });
    expect(ok.status === "success" && ok.value).toEqual(create);
  });
  it("refuses each bad field under its own name", () => {
    const r = parseWithZod(formData({ ...create, name: "", email: "bad", password: "x", role: "root" }), { schema: adminCreateUserFormSchema });
    expect(errorsOf(r)).toEqual({
      name: ["auth.error.nameRequired"],
      email: ["auth.error.emailInvalid"],
      password: ["auth.error.passwordTooShort"],
      role: ["account.admin.roleRequired"],
    });
  });
  it("an empty password asks for the new account's first password, not the administrator's own", () => {
    const r = parseWithZod(formData({ ...create, password: "" }), { schema: adminCreateUserFormSchema });
    expect(errorsOf(r)?.password).toEqual(["account.admin.passwordRequired"]);
  });
  it("the row buttons need their intent, a user id and (toggle) true or false", () => {
    expect(parseWithZod(formData({ intent: "forceReset", userId: "u1" }), { schema: adminForceResetFormSchema }).status).toBe("success");
    expect(parseWithZod(formData({ intent: "toggle", userId: "u1", disabled: "true" }), { schema: adminToggleUserFormSchema }).status).toBe("success");
    expect(errorsOf(parseWithZod(formData({ intent: "forceReset" }), { schema: adminForceResetFormSchema }))?.userId).toEqual(["common.form.unknownAction"]);
    expect(errorsOf(parseWithZod(formData({ intent: "toggle", userId: "u1", disabled: "maybe" }), { schema: adminToggleUserFormSchema }))?.disabled).toEqual([
      "common.form.unknownAction",
    ]);
    expect(errorsOf(parseWithZod(formData({ intent: "toggle", userId: "u1", disabled: "true" }), { schema: adminForceResetFormSchema }))?.intent).toEqual([
      "common.form.unknownAction",
    ]);
  });
  it("its messages exist in both languages", () => {
    for (const key of ["account.admin.roleRequired", "common.form.fixErrors", "auth.error.emailRequired", "auth.error.passwordTooShort"]) {
      expect(translate("en", key)).not.toBe(key);
      expect(translate("zh-CN", key)).not.toBe(key);
    }
  });
});
