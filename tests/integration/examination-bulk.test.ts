/**
 * The officer's examination queue: search (title, owner, submitter, import batch) and bulk
 * decisions on imported works through the real registerWork / rejectWork, one transaction each.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { importCatalog } from "~/domain/registry/import-catalog.server";
import { imagesFromUploads } from "~/domain/registry/import-images.server";
import { createWork } from "~/domain/registry/create-work.server";
import { decideImportedWorks } from "~/domain/registry/decide-imported-works.server";
import { listExaminationQueue } from "~/domain/registry/list-examination-queue.server";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { isRegistrationNumber } from "~/domain/registry/registration-number";
import { verifyAuditLog } from "~/domain/audit/verify-audit-log.server";
import { DomainError } from "~/domain/errors";

let t: TestDb;
type U = Awaited<ReturnType<typeof createTestUser>>;
let artisan: U, artisan2: U, officer: U;
const png = (seed: number) => generateCeramicImage(seed, seed % 2 ? "famille-rose" : "blue-and-white");

async function importRows(user: U, rows: { title: string; file: string; seed: number }[]) {
  const csv = ["title_zh,category,authors,images", ...rows.map((r) => `${r.title},vase,${user.name},${r.file}`)].join("\n");
  const files = await Promise.all(rows.map(async (r) => ({ name: r.file, bytes: await png(r.seed) })));
  const report = await importCatalog({ userId: user.id, csv, images: await imagesFromUploads(files), locale: "en" });
  expect(report.problems).toEqual([]);
  return report.created.map((c) => c.workId);
}

let batchA: string[], batchB: string[], byHand: string;
beforeAll(async () => {
  t = await createTestDb();
  artisan = await createTestUser(t.db, "artisan", { name: "陈青花", email: "chen@studio.test" });
  artisan2 = await createTestUser(t.db, "artisan", { name: "周粉彩" });
  officer = await createTestUser(t.db, "officer");
  batchA = await importRows(artisan, [
    { title: "梅瓶一号", file: "a1.png", seed: 501 },
    { title: "梅瓶二号", file: "a2.png", seed: 502 },
    { title: "梅瓶三号", file: "a3.png", seed: 503 },
  ]);
  batchB = await importRows(artisan2, [{ title: "粉彩盘", file: "b1.png", seed: 601 }]);
  const w = await createWork({
    userId: artisan2.id,
    submit: true,
    values: {
      titleZh: "手工提交碗",
      titleEn: "Hand bowl",
      category: "tableware",
      techniques: [],
      authors: [{ name: "周粉彩" }],
      owner: "self",
      visibility: "public",
    },
    views: [{ kind: "front", bytes: await png(701), originalName: "front.png" }],
  });
  byHand = w.id;
}, 120_000);
afterAll(async () => t?.cleanup());

describe("examination queue search", () => {
  it("lists submitted works with their import batch and narrows by title, owner, submitter and batch", async () => {
    const all = await listExaminationQueue({ officerId: officer.id });
    expect(all.map((w) => w.id).sort()).toEqual([...batchA, ...batchB, byHand].sort());
    const ev = await t.db.auditEvent.findMany({ where: { action: "catalog.imported" }, orderBy: { seq: "asc" } });
    expect(ev).toHaveLength(2);
    expect(all.find((w) => w.id === batchA[0])!.batch).toBe(ev[0]!.seq);
    expect(all.find((w) => w.id === batchB[0])!.batch).toBe(ev[1]!.seq);
    expect(all.find((w) => w.id === byHand)!.batch).toBeNull();

    const ids = async (q: string) => (await listExaminationQueue({ officerId: officer.id, q })).map((w) => w.id).sort();
    expect(await ids("梅瓶二")).toEqual([batchA[1]]);
    expect(await ids("hand BOWL")).toEqual([byHand]); // English title, ASCII case-insensitive
    expect(await ids("周粉彩")).toEqual([...batchB, byHand].sort()); // owner
    expect(await ids("chen@studio")).toEqual([...batchA].sort()); // submitter e-mail
    expect(await ids(`#${ev[1]!.seq}`)).toEqual(batchB);
    expect(await ids(String(ev[0]!.seq))).toEqual([...batchA].sort());
    expect(await ids("nothing like this")).toEqual([]);
  });

  it("is for officers only", async () => {
    await expect(listExaminationQueue({ officerId: artisan.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("bulk decisions on imported works", () => {
  it("rejects all selected with one reason, one decision per work, and refuses works not imported", async () => {
    const r = await decideImportedWorks({
      officerId: officer.id,
      workIds: [batchA[2]!, byHand],
      decision: "reject",
      reason: "other",
      note: "批量驳回：照片不清",
    });
    expect(r.done.map((d) => d.workId)).toEqual([batchA[2]]);
    expect(r.failed).toEqual([{ workId: byHand, titleZh: "手工提交碗", messageKey: "examination.bulk.notImported", params: {} }]);
    const w = await t.db.work.findUniqueOrThrow({ where: { id: batchA[2]! } });
    expect(w.status).toBe("rejected");
    expect(JSON.parse(w.decisionReason!)).toMatchObject({ kind: "rejected", reason: "other", note: "批量驳回：照片不清" });
    expect((await t.db.work.findUniqueOrThrow({ where: { id: byHand } })).status).toBe("submitted");
    expect(await t.db.auditEvent.count({ where: { action: "work.rejected", entityId: batchA[2]! } })).toBe(1);
  });

  it("validates the one reason before touching any work", async () => {
    const before = await t.db.work.count({ where: { status: "submitted" } });
    const e = await decideImportedWorks({ officerId: officer.id, workIds: [batchA[0]!], decision: "reject", reason: "other", note: " " }).catch((x) => x);
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({ code: "BAD_INPUT", messageKey: "works.form.noteRequired" });
    await expect(decideImportedWorks({ officerId: officer.id, workIds: [], decision: "register" })).rejects.toMatchObject({
      messageKey: "examination.bulk.noneSelected",
    });
    await expect(decideImportedWorks({ officerId: artisan.id, workIds: [batchA[0]!], decision: "register" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await t.db.work.count({ where: { status: "submitted" } })).toBe(before);
  });

  it("registers all selected with gap-free numbers and certificates, reporting already-decided works", async () => {
    const r = await decideImportedWorks({ officerId: officer.id, workIds: [batchA[0]!, batchA[1]!, batchA[2]!], decision: "register" });
    expect(r.done.map((d) => d.workId)).toEqual([batchA[0], batchA[1]]);
    for (const d of r.done) expect(isRegistrationNumber(d.registrationNumber!)).toBe(true);
    expect(new Set(r.done.map((d) => d.registrationNumber)).size).toBe(2);
    expect(r.failed).toEqual([{ workId: batchA[2], titleZh: "梅瓶三号", messageKey: "works.error.notSubmitted", params: {} }]);
    expect(await t.db.certificate.count({ where: { workId: { in: [batchA[0]!, batchA[1]!] } } })).toBe(2);
    expect((await verifyAuditLog({ db: t.db })).ok).toBe(true);
    const left = (await listExaminationQueue({ officerId: officer.id })).map((w) => w.id).sort();
    expect(left).toEqual([...batchB, byHand].sort());
  });

  it("leaves a work whose photo is the 'same' as a registered one for individual examination", async () => {
    // The same photo as the registered 梅瓶一号, imported again under another title.
    const [copy] = await importRows(artisan2, [{ title: "仿梅瓶", file: "copy.png", seed: 501 }]);
    const queued = (await listExaminationQueue({ officerId: officer.id, q: "仿梅瓶" }))[0]!;
    expect(queued.same).toBeGreaterThan(0);
    const r = await decideImportedWorks({ officerId: officer.id, workIds: [copy!, batchB[0]!], decision: "register" });
    expect(r.done.map((d) => d.workId)).toEqual([batchB[0]]);
    expect(r.failed).toEqual([{ workId: copy, titleZh: "仿梅瓶", messageKey: "examination.bulk.sameNeedsExamination", params: { count: queued.same } }]);
    expect((await t.db.work.findUniqueOrThrow({ where: { id: copy! } })).status).toBe("submitted");
  });
});

describe("the artisan's own work list", () => {
  it("pages and filters by status and text, only over works the user manages", async () => {
    const { listMyWorks } = await import("~/domain/registry/list-my-works.server");
    const all = await listMyWorks({ userId: artisan2.id, filter: { q: "", status: null, page: 1 }, perPage: 2 });
    expect(all.total).toBe(3); // 粉彩盘 (registered), 手工提交碗 and 仿梅瓶 (submitted)
    expect(all.pages).toBe(2);
    expect(all.works).toHaveLength(2);
    const p2 = await listMyWorks({ userId: artisan2.id, filter: { q: "", status: null, page: 2 }, perPage: 2 });
    expect(p2.works).toHaveLength(1);
    expect(new Set([...all.works, ...p2.works].map((w) => w.id)).size).toBe(3);
    const past = await listMyWorks({ userId: artisan2.id, filter: { q: "", status: null, page: 99 }, perPage: 2 });
    expect(past.page).toBe(2);
    const submitted = await listMyWorks({ userId: artisan2.id, filter: { q: "", status: "submitted", page: 1 } });
    expect(submitted.works.map((w) => w.titleZh).sort()).toEqual(["仿梅瓶", "手工提交碗"].sort());
    const registered = await listMyWorks({ userId: artisan2.id, filter: { q: "", status: "registered", page: 1 } });
    expect(registered.works.map((w) => w.id)).toEqual(batchB);
    const byNumber = await listMyWorks({ userId: artisan2.id, filter: { q: registered.works[0]!.registrationNumber!.toLowerCase(), status: null, page: 1 } });
    expect(byNumber.works.map((w) => w.id)).toEqual(batchB);
    const text = await listMyWorks({ userId: artisan2.id, filter: { q: "bowl", status: null, page: 1 } });
    expect(text.works.map((w) => w.id)).toEqual([byHand]);
    // Another artisan's works never appear, whatever the query.
    expect((await listMyWorks({ userId: artisan2.id, filter: { q: "梅瓶一号", status: null, page: 1 } })).total).toBe(0);
  });
});

describe("registration and licensing statistics", () => {
  it("counts works by status and this month's registrations, for officers only", async () => {
    const { registryStats, lastMonths } = await import("~/domain/registry/registry-stats.server");
    expect(lastMonths(new Date("2026-02-15T00:00:00Z"), 3)).toEqual(["2025-12", "2026-01", "2026-02"]);
    const s = await registryStats({ officerId: officer.id });
    const byStatus = Object.fromEntries(s.worksByStatus.map((r) => [r.status, r.count]));
    expect(byStatus).toEqual({ registered: 3, rejected: 1, submitted: 2 }); // 梅瓶一号/二号 + 粉彩盘; 梅瓶三号; 手工提交碗 + 仿梅瓶
    expect(s.queue).toBe(2);
    expect(s.registrationsPerMonth).toHaveLength(12);
    expect(s.registrationsPerMonth.at(-1)).toEqual({ month: new Date().toISOString().slice(0, 7), count: 3 });
    expect(s.medianDaysToRegister).not.toBeNull();
    expect(s.licencesPerMonth.every((m) => m.count === 0)).toBe(true);
    await expect(registryStats({ officerId: artisan.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
