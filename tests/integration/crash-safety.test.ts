/**
 * Retries and crashes create nothing twice and leave nothing behind: the storage sweep, catalog
 * imports run again, forms submitted twice (idempotency keys), the migration-state check that
 * lets scripts run beside the server, and the similarity index's change feed (writes by
 * another process reach this process's index without a reload).
 */
import { onPostgres, sqliteOnly } from "../setup/dialect";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { completeProfile, createRegisteredWork, terms } from "../setup/factories-licensing";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { derivativeKey, ingestImage, originalKey, renditionsIdle } from "~/domain/imaging/ingest-image.server";
import { importCatalog } from "~/domain/registry/import-catalog.server";
import { imagesFromDirectory } from "~/domain/registry/import-images.server";
import { createWork } from "~/domain/registry/create-work.server";
import { rejectWork } from "~/domain/registry/reject-work.server";
import { getViewIndex, syncViewIndex } from "~/domain/registry/view-index.server";
import { createOffer } from "~/domain/licensing/create-offer.server";
import { requestDeal } from "~/domain/licensing/request-deal.server";
import { verifyAuditLog } from "~/domain/audit/verify-audit-log.server";
import { sweepStorage } from "~/startup/sweep-storage.server";
import { pruneIdempotencyKeys } from "~/domain/idempotency/idempotency-key.server";
import { applyMigrations, migrationState } from "~/startup/prepare-database.server";
import { createPrismaClient } from "~/utils/db.server";

let t: TestDb;
let artisan: Awaited<ReturnType<typeof createTestUser>>;
const png = (seed: number) => generateCeramicImage(seed, seed % 2 ? "famille-rose" : "blue-and-white");
const workValues = (title: string) => ({
  titleZh: title,
  category: "vase",
  techniques: ["qinghua"],
  authors: [{ name: "陈青", nameEn: "", role: "" }],
  visibility: "public",
  owner: "self",
});

function listStore(dataDir: string): string[] {
  const out: string[] = [];
  for (const sub of ["originals", "derivatives", "features"]) {
    const walk = (d: string) => {
      if (!fs.existsSync(d)) return;
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const f = path.join(d, e.name);
        if (e.isDirectory()) walk(f);
        else out.push(path.relative(dataDir, f));
      }
    };
    walk(path.join(dataDir, sub));
  }
  return out.sort();
}

beforeAll(async () => {
  t = await createTestDb();
  artisan = await createTestUser(t.db, "artisan", { name: "陈青" });
}, 60_000);
afterAll(async () => t.cleanup());

describe("storage sweep", () => {
  // Ages are real: a file's age runs from its inode change time, which cannot be set back, so
  // the test lets "old" files age GRACE_MS and sweeps with that grace.
  const GRACE_MS = 1500;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("removes old temp files and unreferenced blobs, keeps referenced, young and unknown files", async () => {
    const referenced = await createWork({
      userId: artisan.id,
      values: workValues("留存"),
      views: [{ kind: "front", bytes: await png(1), originalName: "a.png" }],
    });
    const refSha = (await t.db.workView.findFirstOrThrow({ where: { workId: referenced.id } })).sha256;
    await renditionsIdle(); // its derivatives, published after the commit
    // An upload whose transaction never committed (the process was killed): the original, no row
    // (derivatives and features are only written for committed uploads).
    const orphan = await ingestImage({ dataDir: t.dataDir, bytes: await png(2) });
    expect(orphan.created).toEqual([originalKey(orphan.sha256)]);
    const orphanBytes = orphan.created.reduce((n, k) => n + fs.statSync(path.join(t.dataDir, k)).size, 0);
    const tmpOld = "originals/.tmp-deadbeef-1";
    fs.writeFileSync(path.join(t.dataDir, tmpOld), Buffer.alloc(1000));
    fs.writeFileSync(path.join(t.dataDir, "derivatives", "README.txt"), "not ours to delete");
    await sleep(GRACE_MS + 100);
    // Written just now: an upload in flight in another process.
    const young = await ingestImage({ dataDir: t.dataDir, bytes: await png(3) });
    const tmpYoung = "derivatives/.tmp-cafe-2";
    fs.writeFileSync(path.join(t.dataDir, tmpYoung), Buffer.alloc(10));

    const report = await sweepStorage({ db: t.db, dataDir: t.dataDir, minAgeMs: GRACE_MS });
    expect(report.tempFiles).toBe(1);
    expect(report.tempBytes).toBe(1000);
    expect(report.orphanFiles).toBe(orphan.created.length);
    expect(report.orphanBytes).toBe(orphanBytes);
    expect(report.removed.sort()).toEqual([...orphan.created, tmpOld].sort());
    const left = listStore(t.dataDir);
    for (const k of orphan.created) expect(left).not.toContain(k);
    expect(left).toEqual(expect.arrayContaining([originalKey(refSha), derivativeKey(refSha, 1280), ...young.created, tmpYoung, "derivatives/README.txt"]));

    // With no grace (the crash test's setting) the young leftovers go too; referenced files never.
    const again = await sweepStorage({ db: t.db, dataDir: t.dataDir, minAgeMs: 0 });
    expect(again.removed.sort()).toEqual([...young.created, tmpYoung].sort());
    expect(listStore(t.dataDir)).toEqual(expect.arrayContaining([originalKey(refSha), derivativeKey(refSha, 320), "derivatives/README.txt"]));
  });

  it("keeps an old blob that a new upload is reusing (the ingest renews its age, not its mtime)", async () => {
    const bytes = await png(4);
    const first = await ingestImage({ dataDir: t.dataDir, bytes });
    await sleep(GRACE_MS + 100);
    const mtime = fs.statSync(path.join(t.dataDir, first.storageKey)).mtimeMs;
    const second = await ingestImage({ dataDir: t.dataDir, bytes }); // the in-flight upload
    expect(second.created).toEqual([]);
    expect(fs.statSync(path.join(t.dataDir, first.storageKey)).mtimeMs).toBe(mtime);
    const report = await sweepStorage({ db: t.db, dataDir: t.dataDir, minAgeMs: GRACE_MS });
    expect(report.removed).toEqual([]);
    expect(report.keptYoung).toBeGreaterThanOrEqual(first.created.length);
    await sweepStorage({ db: t.db, dataDir: t.dataDir, minAgeMs: 0 }); // leave the store clean for the next tests
  });
});

describe("catalog import is idempotent", () => {
  it("importing the same CSV and photos again creates nothing and reports the rows as already imported", async () => {
    const dir = fs.mkdtempSync(path.join(t.dataDir, "import-"));
    fs.writeFileSync(path.join(dir, "a.png"), await png(11));
    fs.writeFileSync(path.join(dir, "b.png"), await png(12));
    const csv = ["title_zh,category,techniques,authors,images", "梅瓶,vase,qinghua,陈青,a.png", "盘,tableware,fencai,陈青,b.png"].join("\n");
    const first = await importCatalog({ userId: artisan.id, csv, images: await imagesFromDirectory(dir), locale: "en" });
    expect(first.created.map((c) => c.row)).toEqual([2, 3]);
    const works = await t.db.work.count();
    const views = await t.db.workView.count();
    const audit = await t.db.auditEvent.count();
    await renditionsIdle(); // derivatives and features of the first import, published after its commits
    const files = listStore(t.dataDir);

    const second = await importCatalog({ userId: artisan.id, csv, images: await imagesFromDirectory(dir), locale: "en" });
    expect(second.created).toEqual([]);
    expect(second.problems).toEqual([]);
    expect(second.alreadyImported.map((a) => [a.row, a.workId])).toEqual(first.created.map((c) => [c.row, c.workId]));
    expect(second.alreadyImported[0]!.message).toBe("Already imported as “梅瓶”; nothing new was created.");
    const zh = await importCatalog({ userId: artisan.id, csv, images: await imagesFromDirectory(dir), locale: "zh-CN" });
    expect(zh.alreadyImported[1]!.message).toBe("此前已导入为“盘”，未重复创建。");
    expect(await t.db.work.count()).toBe(works);
    expect(await t.db.workView.count()).toBe(views);
    expect(await t.db.auditEvent.count()).toBe(audit); // no "catalog.imported" event for an import that created nothing
    expect(listStore(t.dataDir)).toEqual(files);

    // A row is the same only with the same photos: a retouched photo is a new work.
    fs.writeFileSync(path.join(dir, "b.png"), await png(13));
    const third = await importCatalog({ userId: artisan.id, csv, images: await imagesFromDirectory(dir), locale: "en" });
    expect(third.created.map((c) => c.row)).toEqual([3]);
    expect(third.alreadyImported.map((a) => a.row)).toEqual([2]);
    expect((await verifyAuditLog({ db: t.db })).ok).toBe(true);
  });

  it("two imports of the same rows at once create each work once", async () => {
    const dir = fs.mkdtempSync(path.join(t.dataDir, "import-"));
    fs.writeFileSync(path.join(dir, "c.png"), await png(21));
    const csv = ["title_zh,category,techniques,authors,images", "并发,vase,qinghua,陈青,c.png"].join("\n");
    const before = await t.db.work.count();
    const [a, b] = await Promise.all([
      importCatalog({ userId: artisan.id, csv, images: await imagesFromDirectory(dir), locale: "en" }),
      importCatalog({ userId: artisan.id, csv, images: await imagesFromDirectory(dir), locale: "en" }),
    ]);
    expect(await t.db.work.count()).toBe(before + 1);
    expect(a.created.length + b.created.length).toBe(1);
    expect(a.alreadyImported.length + b.alreadyImported.length).toBe(1);
  });
});

describe("idempotency keys", () => {
  it("a work form submitted twice in parallel with the same key creates one work; both get it", async () => {
    const bytes = await png(31);
    const key = "k-" + "a".repeat(30);
    const before = await t.db.work.count();
    const submit = () =>
      createWork({
        userId: artisan.id,
        values: workValues("双击"),
        views: [{ kind: "front", bytes, originalName: "x.png" }],
        submit: true,
        idempotencyKey: key,
      });
    const [w1, w2] = await Promise.all([submit(), submit()]);
    expect(w1.id).toBe(w2.id);
    expect(await t.db.work.count()).toBe(before + 1);
    expect(await t.db.idempotencyKey.count({ where: { userId: artisan.id, key } })).toBe(1);
    // A later retry (the browser resent the form) gets the same work too.
    expect((await submit()).id).toBe(w1.id);
    // Keys are kept for 30 days, then pruned.
    expect(await pruneIdempotencyKeys({ db: t.db })).toBe(0);
    expect(await pruneIdempotencyKeys({ db: t.db, now: new Date(Date.now() + 31 * 24 * 3600_000) })).toBeGreaterThanOrEqual(1);
    expect(await t.db.idempotencyKey.count({ where: { userId: artisan.id, key } })).toBe(0);
    // A draft created with a key and then deleted: the same key makes a new draft, no error.
    const draftKey = "k-" + "d".repeat(30);
    const draft = await createWork({
      userId: artisan.id,
      values: workValues("草稿"),
      views: [{ kind: "front", bytes: await png(32), originalName: "d.png" }],
      idempotencyKey: draftKey,
    });
    await t.db.work.delete({ where: { id: draft.id } });
    const redo = await createWork({
      userId: artisan.id,
      values: workValues("草稿"),
      views: [{ kind: "front", bytes: await png(32), originalName: "d.png" }],
      idempotencyKey: draftKey,
    });
    expect(redo.id).not.toBe(draft.id);
    // Without a key, or with another key, it is a new work.
    const w3 = await createWork({
      userId: artisan.id,
      values: workValues("双击"),
      views: [{ kind: "front", bytes, originalName: "x.png" }],
      idempotencyKey: "k-" + "b".repeat(30),
    });
    expect(w3.id).not.toBe(w1.id);
    expect((await verifyAuditLog({ db: t.db })).ok).toBe(true);
  });

  it("a licence request submitted twice in parallel with the same key makes one deal", async () => {
    const owner = await createTestUser(t.db, "artisan");
    const licensee = await createTestUser(t.db, "licensee");
    await completeProfile(t.db, licensee.id);
    const work = await createRegisteredWork(t.db, { ownerUserId: owner.id });
    const offer = await createOffer({ db: t.db, actorId: owner.id, workId: work.id, terms: terms() });
    const key = crypto.randomUUID();
    const ask = () => requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms(), message: "twice", idempotencyKey: key });
    const [d1, d2] = await Promise.all([ask(), ask()]);
    expect(d1.id).toBe(d2.id);
    expect(d1.reference).toBe(d2.reference);
    expect(await t.db.deal.count({ where: { offerId: offer.id } })).toBe(1);
    expect((await ask()).id).toBe(d1.id);
    // The same key from another user is that user's own key.
    const other = await createTestUser(t.db, "licensee");
    await completeProfile(t.db, other.id, "Other Co");
    const d3 = await requestDeal({ db: t.db, actorId: other.id, offerId: offer.id, terms: terms(), idempotencyKey: key });
    expect(d3.id).not.toBe(d1.id);
  });
});

describe("similarity index change feed", () => {
  it("picks up views written and works rejected through another connection (another process) without a reload", async () => {
    const index = await getViewIndex();
    const other = createPrismaClient(t.url); // a second connection, as an import script would have
    try {
      const work = await other.work.create({
        data: {
          titleZh: "外部",
          category: "vase",
          ownerName: "x",
          createdById: artisan.id,
          ownerUserId: artisan.id,
          status: "submitted",
          submittedAt: new Date(),
        },
      });
      const view = await other.workView.create({
        data: {
          workId: work.id,
          kind: "front",
          sha256: "f".repeat(64),
          pdq: "0123456789abcdef".repeat(4),
          pdqQuality: 100,
          pdqDihedral: "[]",
          phash: "0".repeat(16),
          width: 1,
          height: 1,
          sizeBytes: 1,
          mime: "image/png",
          storageKey: originalKey("f".repeat(64)),
        },
      });
      expect(index.has(view.id)).toBe(false);
      expect(await syncViewIndex()).toBe(1);
      expect(index.has(view.id)).toBe(true);
      expect(index.query("0123456789abcdef".repeat(4), 0).map((h) => h.id)).toEqual([view.id]);
      expect(await syncViewIndex()).toBe(0); // read once

      // Back to draft elsewhere: leaves the corpus.
      await other.work.update({ where: { id: work.id }, data: { status: "draft" } });
      expect(await syncViewIndex()).toBe(1);
      expect(index.has(view.id)).toBe(false);
      await other.work.update({ where: { id: work.id }, data: { status: "submitted" } });
      await syncViewIndex();
      expect(index.has(view.id)).toBe(true);
      // Deleted elsewhere (cascade from the work): gone.
      await other.work.delete({ where: { id: work.id } });
      await syncViewIndex();
      expect(index.has(view.id)).toBe(false);
    } finally {
      await other.$disconnect();
    }
  });

  it("the background poll applies another connection's write within about a second", async () => {
    const index = await getViewIndex();
    const other = createPrismaClient(t.url);
    try {
      const work = await other.work.create({
        data: {
          titleZh: "轮询",
          category: "vase",
          ownerName: "x",
          createdById: artisan.id,
          ownerUserId: artisan.id,
          status: "submitted",
          submittedAt: new Date(),
        },
      });
      const view = await other.workView.create({
        data: {
          workId: work.id,
          kind: "front",
          sha256: "e".repeat(64),
          pdq: "fedcba9876543210".repeat(4),
          pdqQuality: 100,
          pdqDihedral: "[]",
          phash: "0".repeat(16),
          width: 1,
          height: 1,
          sizeBytes: 1,
          mime: "image/png",
          storageKey: originalKey("e".repeat(64)),
        },
      });
      const start = Date.now();
      while (!index.has(view.id) && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 50));
      expect(index.has(view.id)).toBe(true);
      expect(Date.now() - start).toBeLessThan(2500);
    } finally {
      await other.$disconnect();
    }
  });

  it("a rejection in this process removes the views at once", async () => {
    const officer = await createTestUser(t.db, "officer");
    const w = await createWork({
      userId: artisan.id,
      values: workValues("待驳回"),
      views: [{ kind: "front", bytes: await png(41), originalName: "r.png" }],
      submit: true,
    });
    const viewId = (await t.db.workView.findFirstOrThrow({ where: { workId: w.id } })).id;
    const index = await getViewIndex();
    expect(index.has(viewId)).toBe(true);
    await rejectWork({ officerId: officer.id, workId: w.id, reason: "other", note: "test" });
    expect(index.has(viewId)).toBe(false);
    await syncViewIndex();
    expect(index.has(viewId)).toBe(false);
  });
});

describe.skipIf(onPostgres)(
  sqliteOnly("migration state (scripts beside a running server)", "reads the SQLite file; the PostgreSQL migrator has its own tests"),
  () => {
    it("skips `migrate deploy` when every migration is applied, and notices a pending or changed one", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-mig-"));
      try {
        const url = `file:${path.join(dir, "m.db")}`;
        expect(migrationState(url).current).toBe(false);
        expect(await applyMigrations(url)).toBe(true);
        expect(migrationState(url)).toMatchObject({ current: true, pending: [] });
        // Current: no migrator run (which would fail on a file the server holds).
        expect(await applyMigrations(url)).toBe(false);
        // A migration folder not applied yet is pending.
        const migrations = path.join(dir, "migrations");
        fs.cpSync(path.resolve("prisma/migrations"), migrations, { recursive: true });
        fs.mkdirSync(path.join(migrations, "29990101000000_future"));
        fs.writeFileSync(path.join(migrations, "29990101000000_future", "migration.sql"), "CREATE TABLE future (id INTEGER);\n");
        expect(migrationState(url, migrations)).toMatchObject({ current: false, pending: ["29990101000000_future"] });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("a transaction that reads then writes waits for another process's write instead of failing", async () => {
      const child = spawn(process.execPath, ["--import", "tsx", "tests/integration/busy-child.ts"], { env: { ...process.env, DATABASE_URL: t.url } });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      const exited = new Promise((r) => child.once("exit", r));
      const deadline = Date.now() + 30_000;
      while (!out.includes("ready") && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(out).toContain("ready");
      // This process writes while the child's transaction is open (it read before we commit).
      await t.db.viewIndexChange.create({ data: { viewId: "parent" } });
      await exited;
      expect(out).toContain("ok");
      expect(await t.db.viewIndexChange.count({ where: { viewId: { in: ["parent", "child"] } } })).toBe(2);
    }, 60_000);

    it("reads the state while another connection holds a write transaction", async () => {
      const outside = migrationState(t.url);
      expect(outside.pending).not.toContain("20261130091045_crash_safety_idempotency");
      await t.db.$transaction(async (tx) => {
        await tx.viewIndexChange.create({ data: { viewId: "lock-holder" } });
        expect(migrationState(t.url)).toEqual(outside); // read-only: no lock needed, no SQLITE_BUSY
      });
    });
  },
);
