import { describe, expect, it } from "vitest";
import { renderNotificationMail } from "./render-notification-mail";

const hasHan = (s: string) => /\p{Script=Han}/u.test(s);

describe("notification mail in the recipient's language only", () => {
  it("renders an English deal approval with the link and the opt-out footer, no Chinese", () => {
    const m = renderNotificationMail({
      locale: "en",
      kind: "deal.approved",
      keyPrefix: "licensing.notify.approved",
      params: { reference: "KM-D-2026-0001" },
      link: "/deals/KM-D-2026-0001",
      publicUrl: "https://kilnmark.example/",
    });
    expect(m.subject).toBe("[Kilnmark] Licence deal KM-D-2026-0001 approved");
    expect(m.text).toContain("The exchange center approved the deal");
    expect(m.text).toContain("Open: https://kilnmark.example/deals/KM-D-2026-0001");
    expect(m.text).toContain("licence deals mail is on");
    expect(hasHan(m.subject + m.text)).toBe(false);
  });

  it("renders a Chinese work rejection from a per-language params function, no English body", () => {
    const m = renderNotificationMail({
      locale: "zh-CN",
      kind: "work.rejected",
      keyPrefix: "works.notify.rejected",
      params: (locale) => ({ title: "青花瓶", reason: locale === "zh-CN" ? "照片不足。" : "Insufficient photos." }),
      link: "/my/works/w1",
    });
    expect(m.subject).toBe("[Kilnmark] 不予登记：青花瓶");
    expect(m.text).toContain("您的作品“青花瓶”未予登记。照片不足。");
    expect(m.text).toContain("请登录 Kilnmark 并打开 /my/works/w1");
    expect(m.text).toContain("作品审查结果");
    expect(m.text).not.toMatch(/Insufficient|not registered|Open:/);
  });

  it("uses each kind's own subject and body (payment, case, work registered)", () => {
    const paid = renderNotificationMail({
      locale: "en",
      kind: "deal.royaltyPaid",
      keyPrefix: "licensing.notify.royaltyPaid",
      params: { reference: "R1" },
      link: "/deals/R1",
    });
    expect(paid.subject).toBe("[Kilnmark] Royalty paid on R1");
    expect(paid.text).toContain("payments received mail is on");
    const kase = renderNotificationMail({
      locale: "zh-CN",
      kind: "case.triage",
      keyPrefix: "cases.notify.triage",
      params: { number: "C-1" },
      link: "/cases/C-1",
    });
    expect(kase.subject).toBe("[Kilnmark] 案件 C-1 初审中");
    expect(kase.text).toContain("侵权案件");
    const reg = renderNotificationMail({
      locale: "en",
      kind: "work.registered",
      keyPrefix: "works.notify.registered",
      params: { title: "Vase", registrationNumber: "JDZ-1" },
      link: "/my/works/1",
    });
    expect(reg.text).toContain("is registered as JDZ-1");
  });

  it("falls back to zh-CN for an unknown stored locale", () => {
    const m = renderNotificationMail({
      locale: "fr",
      kind: "deal.terminated",
      keyPrefix: "licensing.notify.terminated",
      params: { reference: "R2", reason: "x" },
      link: "/deals/R2",
    });
    expect(m.locale).toBe("zh-CN");
    expect(m.subject).toBe("[Kilnmark] 许可交易 R2 已终止");
  });
});
