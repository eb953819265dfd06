import { onPostgres } from "../setup/dialect";
import { existsSync, readdirSync } from "node:fs";
import { renditionsIdle } from "~/domain/imaging/ingest-image.server";
import { badUploadCorpus } from "../setup/bad-uploads";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { DomainError } from "~/domain/errors";
import { generateCeramicImage, nearDuplicateOf } from "~/domain/imaging/generate-demo-image.server";
import { createOrganization } from "~/domain/accounts/create-organization.server";
import { verifyAuditLog } from "~/domain/audit/verify-audit-log.server";
import { createWork } from "~/domain/registry/create-work.server";
import { updateWork } from "~/domain/registry/update-work.server";
import { submitWork } from "~/domain/registry/submit-work.server";
import { deleteDraft } from "~/domain/registry/delete-draft.server";
import { registerWork } from "~/domain/registry/register-work.server";
import { rejectWork } from "~/domain/registry/reject-work.server";
import { requestWorkChanges } from "~/domain/registry/request-work-changes.server";
import { canViewImage, getWorkForViewer } from "~/domain/registry/get-work-for-viewer.server";
import { priorArtForWork } from "~/domain/registry/prior-art.server";
import { parseDecisionReason, type WorkFormInput } from "~/domain/registry/forms";
import { isRegistrationNumber, parseRegistrationNumber } from "~/domain/registry/registration-number";
import { registrationYear } from "~/domain/registry/registration-year";
import { getViewIndex } from "~/domain/registry/view-index.server";

let t: TestDb;
type U = Awaited<ReturnType<typeof createTestUser>>;
let artisan: U, artisan2: U, outsider: U, officer: U, licensee: U;
let studioId: string;
const img: Buffer[] = [];

const values = (over: Partial<WorkFormInput> = {}): WorkFormInput => ({
  titleZh: "青花缠枝莲纹梅瓶",
  titleEn: "Blue-and-white meiping vase",
  descriptionZh: "手绘青花",
  category: "vase",
  techniques: ["qinghua"],
  heightMm: 320,
  creationDate: "2025-03-01",
  authors: [{ name: "陈青花", nameEn: "Chen Qinghua", role: "绘画" }],
  owner: "self",
  visibility: "public",
  ...over,
});
const view = (kind: string, bytes: Uint8Array, originalName = `${kind}.png`) => ({ kind, bytes, originalName });

/**
 * Files in the image store (originals and derivatives), excluding the database, once the
 * derivatives that committed uploads publish in the background are written.
 */
async function storedFiles(): Promise<string[]> {
  await renditionsIdle();
  const out: string[] = [];
  for (const dir of ["originals", "derivatives"]) {
    const full = path.join(t.dataDir, dir);
    if (!existsSync(full)) continue;
    for (const e of readdirSync(full, { recursive: true, withFileTypes: true }))
      if (e.isFile()) out.push(path.join(dir, path.relative(full, path.join(e.parentPath, e.name))));
  }
  return out.sort();
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return e;
  }
  throw new Error("expected a DomainError");
}

beforeAll(async () => {
  t = await createTestDb();
  artisan = await createTestUser(t.db, "artisan", { name: "陈青花" });
  artisan2 = await createTestUser(t.db, "artisan", { name: "周粉彩" });
  outsider = await createTestUser(t.db, "artisan", { name: "徐玲珑" });
  officer = await createTestUser(t.db, "officer");
  licensee = await createTestUser(t.db, "licensee");
  const org = await createOrganization({
    db: t.db,
    userId: artisan.id,
    values: { kind: "studio", name: "景德镇青花坊陶瓷工作室", nameEn: "Qinghua Workshop", uscc: "91360200MA35QH0X39" },
  });
  studioId = org.id;
  for (let s = 1; s <= 6; s++) img.push(await generateCeramicImage(100 + s, s % 2 ? "blue-and-white" : "famille-rose"));
});
afterAll(async () => t?.cleanup());

describe("create → submit → register", () => {
  it("creates a draft with its views, authors and frozen owner name, then registers it with a valid number", async () => {
    const draft = await createWork({ userId: artisan.id, values: values(), views: [view("front", img[0]), view("base_mark", img[1])] });
    expect(draft).toMatchObject({ status: "draft", ownerUserId: artisan.id, ownerName: "陈青花", registrationNumber: null });
    const views = await t.db.workView.findMany({ where: { workId: draft.id }, orderBy: { order: "asc" } });
    expect(views.map((v) => v.kind)).toEqual(["front", "base_mark"]);
    expect(views[0].pdq).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(views[0].pdqDihedral)).toHaveLength(8);
    for (const v of views) expect(existsSync(path.join(t.dataDir, v.storageKey))).toBe(true);
    expect(await t.db.author.count({ where: { workId: draft.id } })).toBe(1);

    // A draft is not prior art yet.
    const index = await getViewIndex();
    expect(index.query(views[0].pdq, 0).map((h) => h.id)).not.toContain(views[0].id);
    await expect(registerWork({ officerId: officer.id, workId: draft.id })).rejects.toMatchObject({ code: "CONFLICT" });

    await submitWork({ userId: artisan.id, workId: draft.id });
    const registered = await registerWork({ officerId: officer.id, workId: draft.id });
    expect(registered.status).toBe("registered");
    expect(isRegistrationNumber(registered.registrationNumber!)).toBe(true);
    expect(parseRegistrationNumber(registered.registrationNumber!)!.year).toBe(registrationYear(new Date()));
    expect(registered.examinerId).toBe(officer.id);

    const actions = (await t.db.auditEvent.findMany({ where: { entityId: draft.id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["work.created", "work.submitted", "work.registered"]);
    expect(await verifyAuditLog({ db: t.db })).toMatchObject({ ok: true });
    const note = await t.db.notification.findFirst({ where: { userId: artisan.id, kind: "work.registered" } });
    expect(note?.body).toContain(registered.registrationNumber!);

    // Registering twice is refused and does not consume a number.
    const before = await t.db.yearlySequence.findUnique({ where: { scope_year: { scope: "registration", year: registrationYear(new Date()) } } });
    await expect(registerWork({ officerId: officer.id, workId: draft.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await t.db.yearlySequence.findUnique({ where: { scope_year: { scope: "registration", year: registrationYear(new Date()) } } })).toEqual(before);
  });

  it("creates for a studio the artisan belongs to, with the studio's name as owner", async () => {
    const w = await createWork({ userId: artisan.id, values: values({ owner: studioId }), views: [view("front", img[2])], submit: true });
    expect(w).toMatchObject({ status: "submitted", ownerOrgId: studioId, ownerUserId: null, ownerName: "景德镇青花坊陶瓷工作室" });
    expect(w.submittedAt).toBeInstanceOf(Date);
  });

  it("requires a front view, at most 8 views, and valid values", async () => {
    expect((await refusal(createWork({ userId: artisan.id, values: values(), views: [view("side", img[0])] }))).messageKey).toBe("works.error.frontRequired");
    expect((await refusal(createWork({ userId: artisan.id, values: values(), views: [] }))).messageKey).toBe("works.error.noViews");
    const nine = Array.from({ length: 9 }, (_, i) => view(i ? "detail" : "front", img[0]));
    expect((await refusal(createWork({ userId: artisan.id, values: values(), views: nine }))).messageKey).toBe("works.error.tooManyViews");
    expect((await refusal(createWork({ userId: artisan.id, values: values({ titleZh: "  " }), views: [view("front", img[0])] }))).messageKey).toBe(
      "works.form.titleRequired",
    );
    expect((await refusal(createWork({ userId: artisan.id, values: values({ authors: [] }), views: [view("front", img[0])] }))).messageKey).toBe(
      "works.form.authorRequired",
    );
    expect((await refusal(createWork({ userId: artisan.id, values: values({ creationDate: "2999-01-01" }), views: [view("front", img[0])] }))).messageKey).toBe(
      "works.form.futureDate",
    );
  });
});

describe("permissions", () => {
  it("a non-member cannot create for a studio, and leaves no file behind", async () => {
    const before = await storedFiles();
    const err = await refusal(createWork({ userId: outsider.id, values: values({ owner: studioId }), views: [view("front", img[5])] }));
    expect(err.code).toBe("FORBIDDEN");
    expect(err.messageKey).toBe("works.error.notMember");
    expect(await storedFiles()).toEqual(before);
  });

  it("a licensee cannot create works; an artisan cannot register, reject or ask for changes", async () => {
    expect((await refusal(createWork({ userId: licensee.id, values: values(), views: [view("front", img[0])] }))).code).toBe("FORBIDDEN");
    const w = await createWork({ userId: artisan.id, values: values({ titleZh: "权限测试" }), views: [view("front", img[3])], submit: true });
    expect((await refusal(registerWork({ officerId: artisan.id, workId: w.id }))).code).toBe("FORBIDDEN");
    expect((await refusal(rejectWork({ officerId: artisan.id, workId: w.id, reason: "not_original" }))).code).toBe("FORBIDDEN");
    expect((await refusal(requestWorkChanges({ officerId: artisan.id, workId: w.id, reason: "insufficient_photos" }))).code).toBe("FORBIDDEN");
    expect((await t.db.work.findUniqueOrThrow({ where: { id: w.id } })).status).toBe("submitted");
  });

  it("another artisan cannot edit, submit or delete someone else's work (it looks like it does not exist)", async () => {
    const w = await createWork({ userId: artisan.id, values: values({ titleZh: "别人的草稿" }), views: [view("front", img[4])] });
    expect((await refusal(updateWork({ userId: artisan2.id, workId: w.id, values: values() }))).code).toBe("NOT_FOUND");
    expect((await refusal(submitWork({ userId: artisan2.id, workId: w.id }))).code).toBe("NOT_FOUND");
    expect((await refusal(deleteDraft({ userId: artisan2.id, workId: w.id }))).code).toBe("NOT_FOUND");
  });
});

describe("bad uploads: a 4xx DomainError, no Work row, no file", () => {
  const corpus = badUploadCorpus(() => img[0]!);

  it.each(Object.keys(corpus))("%s (as the second view, after a good front photo)", async (name) => {
    const bytes = await corpus[name]();
    const works = await t.db.work.count();
    const viewsBefore = await t.db.workView.count();
    const filesBefore = await storedFiles();
    // A front photo no other work uses, so its files are new and must be removed again.
    const fresh = await generateCeramicImage(9000 + Object.keys(corpus).indexOf(name), "famille-rose");
    const err = await refusal(
      createWork({ userId: artisan.id, values: values({ titleZh: name }), views: [view("front", fresh), view("detail", bytes, "evil.jpg")], submit: true }),
    );
    expect(err.status).toBeGreaterThanOrEqual(400);
    expect(err.status).toBeLessThan(500);
    expect(err.messageKey).toMatch(/^imaging\.error\./);
    expect(err.params.file).toBe("evil.jpg");
    expect(await t.db.work.count()).toBe(works);
    expect(await t.db.workView.count()).toBe(viewsBefore);
    expect(await storedFiles()).toEqual(filesBefore);
  });

  it("a transaction failing after the images were stored removes the new files too", async () => {
    // A trigger makes the Work insert fail inside the transaction, after ingest has written files.
    if (onPostgres) {
      await t.db.$executeRawUnsafe(`CREATE FUNCTION fail_work() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$`);
      await t.db.$executeRawUnsafe(
        `CREATE TRIGGER fail_work BEFORE INSERT ON "Work" FOR EACH ROW WHEN (NEW."titleZh" = 'FAIL-TX') EXECUTE FUNCTION fail_work()`,
      );
    } else {
      await t.db.$executeRawUnsafe(
        `CREATE TRIGGER fail_work BEFORE INSERT ON "Work" WHEN NEW."titleZh" = 'FAIL-TX' BEGIN SELECT RAISE(ABORT, 'forced failure'); END`,
      );
    }
    try {
      const filesBefore = await storedFiles();
      const works = await t.db.work.count();
      const fresh = await generateCeramicImage(9100, "blue-and-white");
      await expect(createWork({ userId: artisan.id, values: values({ titleZh: "FAIL-TX" }), views: [view("front", fresh)], submit: true })).rejects.toThrow();
      expect(await t.db.work.count()).toBe(works);
      expect(await storedFiles()).toEqual(filesBefore);
    } finally {
      await t.db.$executeRawUnsafe(onPostgres ? `DROP TRIGGER fail_work ON "Work"` : `DROP TRIGGER fail_work`);
    }
  });
});

describe("gap-free numbering under concurrency", () => {
  it("50 concurrent registrations get 50 unique consecutive numbers", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const w = await createWork({ userId: artisan2.id, values: values({ titleZh: `并发 ${i}` }), views: [view("front", img[5])], submit: true });
      ids.push(w.id);
    }
    const year = registrationYear(new Date());
    const startAt = (await t.db.yearlySequence.findUnique({ where: { scope_year: { scope: "registration", year } } }))?.last ?? 0;
    // Two extra attempts on the same work race too: they must fail without consuming numbers.
    const results = await Promise.allSettled([...ids, ids[0], ids[1]].map((workId) => registerWork({ officerId: officer.id, workId })));
    const ok = results
      .filter((r) => r.status === "fulfilled")
      .map((r) => (r as PromiseFulfilledResult<{ registrationNumber: string | null }>).value.registrationNumber!);
    const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(ok).toHaveLength(50);
    expect(failed).toHaveLength(2);
    for (const f of failed) expect(f.reason).toMatchObject({ code: "CONFLICT" });
    expect(new Set(ok).size).toBe(50);
    const seqs = ok.map((n) => parseRegistrationNumber(n)!.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => startAt + 1 + i));
    expect((await t.db.yearlySequence.findUniqueOrThrow({ where: { scope_year: { scope: "registration", year } } })).last).toBe(startAt + 50);
  });
});

describe("reject and ask for changes", () => {
  it("asks for changes: the artisan sees the reason, edits, resubmits; the views leave and re-enter the prior-art index", async () => {
    const w = await createWork({
      userId: artisan.id,
      values: values({ titleZh: "待补正" }),
      views: [view("front", await generateCeramicImage(777, "famille-rose"))],
      submit: true,
    });
    const viewIds = (await t.db.workView.findMany({ where: { workId: w.id } })).map((v) => v.id);
    const index = await getViewIndex();
    const probe = (await t.db.workView.findUniqueOrThrow({ where: { id: viewIds[0] } })).pdq;
    expect(index.query(probe, 0).map((h) => h.id)).toContain(viewIds[0]);

    await requestWorkChanges({ officerId: officer.id, workId: w.id, reason: "insufficient_photos", note: "请补充底款照片" });
    const after = await t.db.work.findUniqueOrThrow({ where: { id: w.id } });
    expect(after.status).toBe("changes_requested");
    expect(parseDecisionReason(after.decisionReason)).toMatchObject({ kind: "changes_requested", reason: "insufficient_photos", note: "请补充底款照片" });
    expect(index.query(probe, 0).map((h) => h.id)).not.toContain(viewIds[0]);
    const n = await t.db.notification.findFirst({ where: { userId: artisan.id, kind: "work.changes_requested" } });
    expect(n?.body).toContain("请补充底款照片");

    const updated = await updateWork({ userId: artisan.id, workId: w.id, values: values({ titleZh: "已补正" }), addViews: [view("base_mark", img[1])] });
    expect(updated.titleZh).toBe("已补正");
    expect(await t.db.workView.count({ where: { workId: w.id } })).toBe(2);
    await submitWork({ userId: artisan.id, workId: w.id });
    expect((await t.db.work.findUniqueOrThrow({ where: { id: w.id } })).decisionReason).toBeNull();
    expect(index.query(probe, 0).map((h) => h.id)).toContain(viewIds[0]);
  });

  it("rejects a duplicate, naming the registered work it duplicates; a rejected work cannot be resubmitted", async () => {
    const original = await createWork({
      userId: artisan.id,
      values: values({ titleZh: "原作" }),
      views: [view("front", await generateCeramicImage(4242, "blue-and-white"))],
      submit: true,
    });
    const reg = await registerWork({ officerId: officer.id, workId: original.id });
    const origPng = await generateCeramicImage(4242, "blue-and-white");
    const copy = await createWork({
      userId: artisan2.id,
      values: values({ titleZh: "仿品" }),
      views: [view("front", await nearDuplicateOf(origPng))],
      submit: true,
    });
    const stored = await t.db.priorArtMatch.findMany({ where: { workId: copy.id, stage: "upload" } });
    expect(stored.length).toBeGreaterThan(0);
    expect(stored[0].verdict).toBe("same");

    await rejectWork({ officerId: officer.id, workId: copy.id, reason: "duplicate_of_registered", note: "" });
    const rejected = await t.db.work.findUniqueOrThrow({ where: { id: copy.id } });
    expect(rejected.status).toBe("rejected");
    expect(parseDecisionReason(rejected.decisionReason)!.params.registrationNumber).toBe(reg.registrationNumber);
    expect((await refusal(submitWork({ userId: artisan2.id, workId: copy.id }))).code).toBe("CONFLICT");
    expect((await refusal(rejectWork({ officerId: officer.id, workId: copy.id, reason: "other", note: "again" }))).code).toBe("CONFLICT");
    expect((await refusal(rejectWork({ officerId: officer.id, workId: original.id, reason: "other", note: "" }))).messageKey).toBe("works.form.noteRequired");
  });
});

describe("sealed rule (getWorkForViewer, canViewImage) and prior-art display", () => {
  let sealedId: string;
  let sealedSha: string;
  let publicNumber: string;
  let sealedNumber: string;

  beforeAll(async () => {
    const s = await createWork({
      userId: artisan.id,
      values: values({ titleZh: "保密作品", visibility: "sealed", owner: studioId }),
      views: [view("front", await generateCeramicImage(5151, "famille-rose"))],
      submit: true,
    });
    sealedNumber = (await registerWork({ officerId: officer.id, workId: s.id })).registrationNumber!;
    sealedId = s.id;
    sealedSha = (await t.db.workView.findFirstOrThrow({ where: { workId: s.id } })).sha256;
    const p = await createWork({
      userId: artisan.id,
      values: values({ titleZh: "公开作品" }),
      views: [view("front", await generateCeramicImage(6161, "blue-and-white"))],
      submit: true,
    });
    publicNumber = (await registerWork({ officerId: officer.id, workId: p.id })).registrationNumber!;
  });

  it("others see only number, hashes, owner and dates of a sealed work", async () => {
    for (const viewerId of [null, outsider.id, licensee.id]) {
      const r = await getWorkForViewer({ viewerId, registrationNumber: sealedNumber.toLowerCase() });
      expect(r?.access).toBe("sealed");
      const json = JSON.stringify(r);
      expect(json).not.toContain("保密作品");
      expect(json).not.toContain("手绘青花");
      expect(json).not.toContain("陈青花"); // author
      expect(json).not.toContain('"kind"');
      expect(r!.work).toMatchObject({ registrationNumber: sealedNumber, ownerName: "景德镇青花坊陶瓷工作室" });
      expect(r!.work.views[0]).toEqual({ sha256: sealedSha, pdq: expect.stringMatching(/^[0-9a-f]{64}$/), phash: expect.stringMatching(/^[0-9a-f]{16}$/) });
      expect(await canViewImage({ viewerId, sha256: sealedSha })).toEqual({ allowed: false, isPublic: false });
    }
  });

  it("the owner's studio members and officers see everything", async () => {
    for (const viewerId of [artisan.id, officer.id]) {
      const r = await getWorkForViewer({ viewerId, workId: sealedId });
      expect(r?.access).toBe("full");
      if (r?.access === "full") expect(r.work.titleZh).toBe("保密作品");
      expect((await canViewImage({ viewerId, sha256: sealedSha })).allowed).toBe(true);
    }
  });

  it("public works show details but no examination internals; unregistered works are hidden from others", async () => {
    const r = await getWorkForViewer({ viewerId: null, registrationNumber: publicNumber });
    expect(r?.access).toBe("public");
    if (r?.access === "public") {
      expect(r.work.titleZh).toBe("公开作品");
      expect(r.work.decisionReason).toBeNull();
      expect((await canViewImage({ viewerId: null, sha256: r.work.views[0].sha256 })).isPublic).toBe(true);
    }
    const draft = await createWork({
      userId: artisan.id,
      values: values({ titleZh: "草稿" }),
      views: [view("front", await generateCeramicImage(7171, "famille-rose"))],
    });
    expect(await getWorkForViewer({ viewerId: outsider.id, workId: draft.id })).toBeNull();
    expect(await getWorkForViewer({ viewerId: null, workId: draft.id })).toBeNull();
    expect((await getWorkForViewer({ viewerId: artisan.id, workId: draft.id }))?.access).toBe("full");
    const sha = (await t.db.workView.findFirstOrThrow({ where: { workId: draft.id } })).sha256;
    expect((await canViewImage({ viewerId: outsider.id, sha256: sha })).allowed).toBe(false);
    expect(await getWorkForViewer({ viewerId: null, registrationNumber: "JDZ-2026-000001-0" })).toBeNull();
  });

  it("a copy of a sealed work's photo shows another artisan only 'matches a sealed registration'; officers see it in full", async () => {
    const copy = await createWork({
      userId: outsider.id,
      values: values({ titleZh: "抄袭保密" }),
      views: [view("front", await nearDuplicateOf(await generateCeramicImage(5151, "famille-rose")))],
    });
    const forArtisan = await priorArtForWork({ workId: copy.id, viewerId: outsider.id });
    expect(forArtisan[0].matches[0]).toEqual({ restricted: "sealed", distance: expect.any(Number), verdict: "same", registrationNumber: sealedNumber });
    expect(JSON.stringify(forArtisan)).not.toContain("保密作品");
    expect(JSON.stringify(forArtisan)).not.toContain(sealedSha);
    const forOfficer = await priorArtForWork({ workId: copy.id, viewerId: officer.id });
    expect(forOfficer[0].matches[0]).toMatchObject({ restricted: false, workId: sealedId, titleZh: "保密作品", sha256: sealedSha });
  });
});

describe("drafts", () => {
  it("deleting a draft removes its row and its files", async () => {
    const filesBefore = await storedFiles();
    const w = await createWork({
      userId: artisan.id,
      values: values({ titleZh: "删除我" }),
      views: [view("front", await generateCeramicImage(8181, "famille-rose"))],
    });
    expect((await storedFiles()).length).toBe(filesBefore.length + 3);
    await deleteDraft({ userId: artisan.id, workId: w.id });
    expect(await t.db.work.findUnique({ where: { id: w.id } })).toBeNull();
    expect(await storedFiles()).toEqual(filesBefore);
  });
});
