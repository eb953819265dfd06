import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { mailSettingsFormSchema } from "./schemas";

/** The profile's mail settings as the browser posts them: one "receive" entry per checked box. */
function post(...receive: string[]) {
  const f = new FormData();
  f.append("intent", "mail");
  for (const k of receive) f.append("receive", k);
  return parseWithZod(f, { schema: mailSettingsFormSchema });
}

describe("mail settings form", () => {
  it("reads several, one or no checked boxes as a list", () => {
    const many = post("work", "deal");
    expect(many.status === "success" && many.value.receive).toEqual(["work", "deal"]);
    const one = post("case");
    expect(one.status === "success" && one.value.receive).toEqual(["case"]);
    const none = post();
    expect(none.status === "success" && none.value.receive).toEqual([]);
  });
});
