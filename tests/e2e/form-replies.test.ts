/**
 * The one form style on the running server (Conform + Zod, docs/architecture.md "Forms and
 * errors"): invalid input on each converted page answers 400 with the summary line above the form
 * and the message under the input (aria-invalid / aria-describedby), in the reader's language;
 * single-button forms refuse a forged post with 400 and a message; valid input still works.
 * The demo accounts are Chinese, so their pages answer in Chinese.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { translate, type Locale } from "~/utils/i18n";
import { DEMO, HttpClient } from "./helpers";

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const html = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
const tr = (locale: Locale, key: string, params?: Record<string, string | number>) => html(translate(locale, key, params));

/** The summary line above the form. */
const summary = (locale: Locale, key: string, params?: Record<string, string | number>) => `data-testid="form-error">${tr(locale, key, params)}</div>`;
/** A field's message: the list Conform's errors render into, with the id the input points at. */
const fieldError = (id: string, locale: Locale, key: string, params?: Record<string, string | number>) =>
  `<ul id="${id}" class="field-error" role="alert"><li>${tr(locale, key, params)}</li></ul>`;
/** The input named `name` is marked invalid and described by `errorId`. */
function expectMarked(page: string, name: string, errorId: string) {
  const tag = new RegExp(`<(?:input|select|textarea)[^>]*name="${name.replace(/[[\].]/g, "\\$&")}"[^>]*>`).exec(page)?.[0] ?? "";
  expect(tag, name).toContain('aria-invalid="true"');
  expect(tag, name).toContain(`aria-describedby="${errorId}"`);
}

let artisan: HttpClient;
let officer: HttpClient;
let admin: HttpClient;
let workId: string;

/** A submitted work of the artisan (one front photo), for the examination and owner pages. */
async function submitWork(title: string): Promise<string> {
  const form = new FormData();
  form.set("titleZh", title);
  form.set("category", "vase");
  form.set("owner", "self");
  form.set("visibility", "public");
  form.set("authors[0].name", "徐玲珑");
  form.set("intent", "submit");
  const png = await generateCeramicImage(Number.parseInt(unique().slice(-6), 36) % 100_000, "blue-and-white");
  form.set("file_front", new Blob([new Uint8Array(png)], { type: "image/png" }), "front.png");
  const res = await artisan.request("/works/new", { method: "POST", body: form });
  expect(res.status, await res.clone().text()).toBe(302);
  const id = /^\/my\/works\/([^/?]+)\?submitted=1$/.exec(res.headers.get("Location") ?? "")?.[1];
  expect(id).toBeTruthy();
  return id!;
}

beforeAll(async () => {
  artisan = await new HttpClient().login(DEMO.artisan3);
  officer = await new HttpClient().login(DEMO.officer);
  admin = await new HttpClient().login(DEMO.admin);
  workId = await submitWork(`表单回复 ${unique()}`);
});

describe("work form", () => {
  it("refuses a missing title and category with 400, each message under its input", async () => {
    const form = new FormData();
    form.set("titleZh", "  ");
    form.set("authors[0].name", "徐玲珑");
    form.set("intent", "draft");
    const res = await artisan.request("/works/new", { method: "POST", body: form });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain(summary("zh-CN", "works.form.fixErrors"));
    expect(page).toContain(fieldError("titleZh-error", "zh-CN", "works.form.titleRequired"));
    expect(page).toContain(fieldError("category-error", "zh-CN", "works.form.categoryRequired"));
    expectMarked(page, "titleZh", "titleZh-error");
    expectMarked(page, "category", "category-error");
  });

  it("puts a missing author's name under its row", async () => {
    const form = new FormData();
    form.set("titleZh", "作者行");
    form.set("category", "vase");
    form.set("authors[0].role", "画师");
    form.set("intent", "draft");
    const res = await artisan.request("/works/new", { method: "POST", body: form });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain(fieldError("author-0-name-error", "zh-CN", "works.form.authorNameRequired"));
    expectMarked(page, "authors[0].name", "author-0-name-error");
  });
});

describe("officer examination", () => {
  it("refuses a rejection without a reason and a forged intent with 400; a reasoned decision still redirects", async () => {
    const post = (form: Record<string, string>) => officer.request(`/officer/examination/${workId}`, { method: "POST", form });
    const noReason = await post({ intent: "reject", note: "" });
    expect(noReason.status).toBe(400);
    let page = await noReason.text();
    expect(page).toContain(summary("zh-CN", "works.form.fixErrors"));
    expect(page).toContain(fieldError("reason-error", "zh-CN", "works.form.reasonRequired"));
    expectMarked(page, "reason", "reason-error");

    const otherNoNote = await post({ intent: "changes", reason: "other" });
    expect(otherNoNote.status).toBe(400);
    page = await otherNoNote.text();
    expect(page).toContain(fieldError("note-error", "zh-CN", "works.form.noteRequired"));
    expectMarked(page, "note", "note-error");

    const forged = await post({ intent: "publish" });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain(summary("zh-CN", "works.form.fixErrors"));

    const decided = await post({ intent: "changes", reason: "other", note: "请补充底款照片。" });
    expect(decided.status).toBe(302);
    expect(decided.headers.get("Location")).toBe("/officer/examination?decided=1");
  });

  it("the bulk form refuses a forged intent with 400 and its summary", async () => {
    const res = await officer.request("/officer/examination", { method: "POST", form: { intent: "bulk-delete" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(summary("zh-CN", "examination.bulk.badForm"));
  });
});

describe("owner's work page", () => {
  it("refuses an unknown button with 400 and a translated message (no developer text)", async () => {
    const res = await artisan.request(`/my/works/${workId}`, { method: "POST", form: { intent: "publish" } });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain(summary("zh-CN", "common.form.unknownAction"));
    expect(page).not.toContain("Bad intent");
  });
});

describe("studio invitation", () => {
  it("refuses a bad address with 400 under the input; a good one gives a link, which a forged accept post cannot use", async () => {
    const created = await artisan.request("/studio", { method: "POST", form: { kind: "studio", name: `表单工作室 ${unique()}` } });
    expect(created.status).toBe(302);
    const studio = created.headers.get("Location")!;
    const bad = await artisan.request(studio, { method: "POST", form: { email: "not-an-address" } });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain(summary("zh-CN", "common.form.fixErrors"));
    expect(page).toContain(fieldError("invite-email-error", "zh-CN", "auth.error.emailInvalid"));
    expectMarked(page, "email", "invite-email-error");

    const invitee = `invitee-${unique()}@example.com`;
    const good = await artisan.request(studio, { method: "POST", form: { email: invitee } });
    expect(good.status).toBe(200);
    const link = /\/invitations\/[A-Za-z0-9_-]{20,}/.exec(await good.text())?.[0];
    expect(link).toBeTruthy();
    const signedUp = new HttpClient();
    expect(
      (await signedUp.request("/signup", { method: "POST", form: { name: "Invitee", email: invitee, password: "invitee-password-1", role: "artisan" } }))
        .status,
    ).toBe(302);
    const forged = await signedUp.request(link!, { method: "POST", form: { intent: "delete" } });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain(summary("zh-CN", "common.form.unknownAction"));
  });
});

describe("admin users", () => {
  it("refuses a bad new account with 400, each message under its input, the password never echoed", async () => {
    const res = await admin.request("/admin/users", {
      method: "POST",
      form: { intent: "create", name: "", email: "bad", password: "short-pw9", role: "officer" },
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain(summary("zh-CN", "common.form.fixErrors"));
    expect(page).toContain(fieldError("create-name-error", "zh-CN", "auth.error.nameRequired"));
    expect(page).toContain(fieldError("create-email-error", "zh-CN", "auth.error.emailInvalid"));
    expect(page).toContain(fieldError("create-password-error", "zh-CN", "auth.error.passwordTooShort"));
    expectMarked(page, "email", "create-email-error");
    expect(page).not.toContain("short-pw9");
  });

  it("refuses an unknown intent and a malformed row button with 400 and a message", async () => {
    for (const form of [{ intent: "nuke" }, { intent: "toggle", userId: "someone", disabled: "maybe" }, { intent: "forceReset" }] as Record<string, string>[]) {
      const res = await admin.request("/admin/users", { method: "POST", form });
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(await res.text()).toContain(summary("zh-CN", "common.form.unknownAction"));
    }
  });
});

describe("catalog import", () => {
  const post = (form: FormData) => artisan.request("/my/import", { method: "POST", body: form });
  it("puts a missing CSV under the file input with 400", async () => {
    const form = new FormData();
    form.set("owner", "self");
    const res = await post(form);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain(fieldError("import-csv-error", "zh-CN", "catalog.import.error.notCsv"));
    expectMarked(page, "csv", "import-csv-error");
  });

  it("refuses a forged owner under its select with 400", async () => {
    const form = new FormData();
    form.set("owner", "x".repeat(65));
    form.set("csv", new Blob(["titleZh\n"], { type: "text/csv" }), "c.csv");
    const res = await post(form);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain(fieldError("import-owner-error", "zh-CN", "works.form.invalid"));
    expectMarked(page, "owner", "import-owner-error");
  });

  it("refuses a CSV over 5 MB with 413 and the size in the message", async () => {
    const form = new FormData();
    form.set("csv", new Blob([new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41)], { type: "text/csv" }), "big.csv");
    const res = await post(form);
    expect(res.status).toBe(413);
    const page = await res.text();
    expect(page).toContain(fieldError("import-csv-error", "zh-CN", "catalog.import.error.csvTooLarge", { maxMb: 5 }));
  });
});

describe("single-button forms", () => {
  it("notifications: a post without its intent is 400 with a message; the button's post works", async () => {
    const forged = await artisan.request("/notifications", { method: "POST", form: {} });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain(summary("zh-CN", "common.form.unknownAction"));
    expect((await artisan.request("/notifications", { method: "POST", form: { intent: "mark-read" } })).status).toBe(200);
  });

  it("resend verification and payouts refuse a forged intent with 400 and a message", async () => {
    const resend = await artisan.request("/verify-email", { method: "POST", form: { intent: "x" } });
    expect(resend.status).toBe(400);
    expect(await resend.text()).toContain(summary("zh-CN", "common.form.unknownAction"));
    const connect = await artisan.request("/connect", { method: "POST", form: { intent: "x" } });
    expect(connect.status).toBe(400);
    expect(await connect.text()).toContain(summary("zh-CN", "common.form.unknownAction"));
  });
});
