import { describe, expect, it } from "vitest";
import { hasKey, translate } from "~/utils/i18n";
import { messages } from "~/locales/cases";
import {
  PLATFORMS,
  REPORTER_STANDINGS,
  caseNumberSchema,
  formatCaseNumber,
  isCaseNumber,
  parseCaseNumber,
  platformFromUrl,
  platformKey,
  reporterStandingKey,
} from "./platforms";

describe("platforms and standing", () => {
  it("every platform and standing has en and zh-CN labels", () => {
    for (const p of PLATFORMS) expect(hasKey(platformKey(p)), p).toBe(true);
    for (const s of REPORTER_STANDINGS) expect(hasKey(reporterStandingKey(s)), s).toBe(true);
    expect(translate("zh-CN", platformKey("pinduoduo"))).toBe("拼多多");
    expect(translate("en", platformKey("xiaohongshu"))).toContain("Xiaohongshu");
  });

  it("the cases tables have identical keys in both languages", () => {
    expect(Object.keys(messages["zh-CN"]).sort()).toEqual(Object.keys(messages.en).sort());
  });

  it.each([
    ["https://detail.tmall.com/item.htm?id=1", "tmall"],
    ["https://item.taobao.com/item.htm?id=1", "taobao"],
    ["https://item.jd.com/100.html", "jd"],
    ["https://mobile.yangkeduo.com/goods.html?goods_id=1", "pinduoduo"],
    ["https://v.douyin.com/abc/", "douyin"],
    ["https://www.kuaishou.com/short-video/x", "kuaishou"],
    ["https://www.xiaohongshu.com/explore/x", "xiaohongshu"],
    ["https://www.amazon.co.uk/dp/B0", "amazon"],
    ["https://www.amazon.com/dp/B0", "amazon"],
    ["https://www.ebay.de/itm/1", "ebay"],
    ["https://www.etsy.com/listing/1", "etsy"],
    ["https://www.aliexpress.com/item/1.html", "aliexpress"],
    ["https://www.temu.com/x.html", "temu"],
    ["https://notamazon.com/dp/B0", "other"],
    ["https://tmall.com.evil.example/x", "other"],
    ["not a url", "other"],
  ] as const)("%s → %s", (url, platform) => {
    expect(platformFromUrl(url)).toBe(platform);
  });
});

describe("case numbers", () => {
  it("formats and parses KM-C-YYYY-NNNNNN", () => {
    expect(formatCaseNumber(2026, 42)).toBe("KM-C-2026-000042");
    expect(parseCaseNumber("KM-C-2026-000042")).toEqual({ year: 2026, seq: 42 });
    expect(parseCaseNumber(" km-c-2026-000042 ")).toEqual({ year: 2026, seq: 42 });
    expect(caseNumberSchema.parse("km-c-2026-999999")).toBe("KM-C-2026-999999");
  });

  it.each(["KM-2026-000042", "KM-C-2026-42", "KM-C-2026-000000", "KM-C-26-000042", "JDZ-2026-000042-1", ""])("rejects %j", (s) => {
    expect(isCaseNumber(s)).toBe(false);
  });

  it("refuses impossible parts and reports invalid input with an i18n key", () => {
    expect(() => formatCaseNumber(2026, 0)).toThrow(RangeError);
    expect(() => formatCaseNumber(2026, 1_000_000)).toThrow(RangeError);
    const r = caseNumberSchema.safeParse("KM-C-2026-1");
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0].message).toBe("cases.caseNumber.invalid");
  });
});
