import { describe, expect, it } from "vitest";
import { countLinks, spamCheck, SPAM_RULES } from "./spam";

const sign = (s: string) => `sig${s}`;
const now = 1_770_000_000_000;
const token = (startedAt: number) => `${startedAt}.${sign(String(startedAt))}`;
const ok = { honeypot: "", description: "A copy of my vase on a shop page.", now };

describe("spamCheck", () => {
  it("accepts a normal form filled in over a few seconds", () => {
    expect(spamCheck({ ...ok, formToken: token(now - 20_000) }, sign)).toBeNull();
  });
  it("refuses a filled honeypot", () => {
    expect(spamCheck({ ...ok, honeypot: "http://spam", formToken: token(now - 20_000) }, sign)).toBe("honeypot");
  });
  it("refuses a form sent faster than the minimum fill time", () => {
    expect(spamCheck({ ...ok, formToken: token(now - SPAM_RULES.minFillMs + 1) }, sign)).toBe("too_fast");
    expect(spamCheck({ ...ok, formToken: token(now - SPAM_RULES.minFillMs) }, sign)).toBeNull();
  });
  it("refuses a missing, forged or stale form token", () => {
    expect(spamCheck({ ...ok, formToken: "" }, sign)).toBe("bad_form_token");
    expect(spamCheck({ ...ok, formToken: `${now - 60_000}.forged` }, sign)).toBe("bad_form_token");
    expect(spamCheck({ ...ok, formToken: token(now - SPAM_RULES.maxFormAgeMs - 1) }, sign)).toBe("bad_form_token");
  });
  it("refuses descriptions with more links than allowed", () => {
    const d = "see https://a.example/x http://b.example www.c.example d-shop.com";
    expect(countLinks(d)).toBe(4);
    expect(spamCheck({ ...ok, description: d, formToken: token(now - 20_000) }, sign)).toBe("too_many_links");
    expect(spamCheck({ ...ok, description: "one https://item.taobao.com/item.htm?id=1", formToken: token(now - 20_000) }, sign)).toBeNull();
  });
});
