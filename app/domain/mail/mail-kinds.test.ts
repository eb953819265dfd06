import { describe, expect, it } from "vitest";
import { mailKindOf, parseMailOptOut, serializeMailOptOut, wantsMail } from "./mail-kinds";

describe("mail kinds", () => {
  it("maps notification kinds to the kinds a user can turn off", () => {
    expect(mailKindOf("work.registered")).toBe("work");
    expect(mailKindOf("work.rejected")).toBe("work");
    expect(mailKindOf("work.changes_requested")).toBe("work");
    expect(mailKindOf("deal.approved")).toBe("deal");
    expect(mailKindOf("deal.activated")).toBe("deal");
    expect(mailKindOf("deal.terminated")).toBe("deal");
    expect(mailKindOf("deal.royaltyPaid")).toBe("payment");
    expect(mailKindOf("deal.payoutMade")).toBe("payment");
    expect(mailKindOf("case.triage")).toBe("case");
    expect(mailKindOf("email.code")).toBeNull();
    expect(mailKindOf("org.invited")).toBeNull();
    expect(mailKindOf("work")).toBeNull();
  });

  it("reads the stored list defensively and writes it in a fixed order", () => {
    expect(parseMailOptOut('["case","deal"]')).toEqual(["deal", "case"]);
    expect(parseMailOptOut('["case","bogus",3]')).toEqual(["case"]);
    expect(parseMailOptOut("not json")).toEqual([]);
    expect(parseMailOptOut('{"case":true}')).toEqual([]);
    expect(parseMailOptOut(null)).toEqual([]);
    expect(serializeMailOptOut(["payment", "work"])).toBe('["work","payment"]');
  });

  it("wants mail unless the kind is turned off; never for in-app-only kinds", () => {
    expect(wantsMail("[]", "deal.approved")).toBe(true);
    expect(wantsMail('["deal"]', "deal.approved")).toBe(false);
    expect(wantsMail('["deal"]', "deal.royaltyPaid")).toBe(true);
    expect(wantsMail('["payment"]', "deal.royaltyPaid")).toBe(false);
    expect(wantsMail("[]", "email.code")).toBe(false);
  });
});
