/**
 * Backup and restore against a real database and image store: a clean round trip verifies, and
 * each kind of damage is caught — a file changed inside the archive, an audit event or a
 * certificate row edited, a stored image swapped on disk — as is a restore into a used directory.
 */
import { onPostgres, sqliteOnly } from "../setup/dialect";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { createWork } from "~/domain/registry/create-work.server";
import { registerWork } from "~/domain/registry/register-work.server";
import { createBackup } from "~/domain/backup/create-backup.server";
import { restoreBackup, RestoreRefused } from "~/domain/backup/restore-backup.server";
import { verifyInstance } from "~/domain/backup/verify-instance.server";
import { readRegistryAddress } from "~/domain/backup/registry-address.server";
import { parseManifest } from "~/domain/backup/manifest";
import { readTar, TarWriter } from "~/domain/backup/tar";
import { createPrismaClient } from "~/utils/db.server";
import { completeProfile, terms } from "../setup/factories-licensing";
import { createOffer } from "~/domain/licensing/create-offer.server";
import { requestDeal } from "~/domain/licensing/request-deal.server";
import { approveDeal } from "~/domain/licensing/approve-deal.server";
import { openCase } from "~/domain/cases/open-case.server";
import { transitionCase } from "~/domain/cases/transition-case.server";
import { sendNotice } from "~/domain/cases/send-notice.server";

let t: TestDb;
let out: string;
const registered: string[] = [];
let licenseNumber: string;

const values = (i: number) => ({
  titleZh: `备份测试瓶 ${i}`,
  category: "vase",
  authors: [{ name: "陈青花" }],
  owner: "self",
  visibility: i % 2 ? "sealed" : "public",
});

beforeAll(async () => {
  delete process.env.REGISTRY_PRIVATE_KEY;
  t = await createTestDb();
  out = mkdtempSync(path.join(tmpdir(), "kilnmark-backup-it-"));
  const artisan = await createTestUser(t.db, "artisan");
  const officer = await createTestUser(t.db, "officer");
  for (let i = 0; i < 3; i++) {
    const front = await generateCeramicImage(7100 + i, i % 2 ? "famille-rose" : "blue-and-white");
    const w = await createWork({ userId: artisan.id, values: values(i), views: [{ kind: "front", bytes: front, originalName: "front.png" }], submit: true });
    const r = await registerWork({ officerId: officer.id, workId: w.id });
    registered.push(r.registrationNumber!);
    if (i === 0) {
      // A free licence starts on approval: a licence certificate to back up as well.
      const licensee = await createTestUser(t.db, "licensee");
      await completeProfile(t.db, licensee.id);
      const free = terms({ upfrontFeeFen: 0, royaltyBps: 0, minimumGuaranteeFen: 0 });
      const offer = await createOffer({ db: t.db, actorId: artisan.id, workId: w.id, terms: free });
      const deal = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: free });
      licenseNumber = (await approveDeal({ db: t.db, actorId: officer.id, dealId: deal.id, paymentMethod: "offline" })).licenseNumber!;
    }
  }
  // A case with a photo as evidence and a takedown notice: both files are in the store too.
  const reporter = await createTestUser(t.db, "licensee");
  const kase = await openCase({
    db: t.db,
    dataDir: t.dataDir,
    reporter: { kind: "user", userId: reporter.id },
    registrationNumbers: [registered[0]],
    files: [{ bytes: await generateCeramicImage(7200, "famille-rose"), name: "listing.png" }],
    url: "https://item.taobao.com/item.htm?id=42",
    platform: "taobao",
    sellerId: "shop-1",
    description: "This shop sells printed copies of the vase.",
    standing: "public",
  } as Parameters<typeof openCase>[0]);
  for (const type of ["triage", "investigate"])
    await transitionCase({ db: t.db, actorId: officer.id, caseId: kase.id, event: { type }, reason: "backup test" });
  await sendNotice({
    db: t.db,
    dataDir: t.dataDir,
    actorId: officer.id,
    caseId: kase.id,
    platform: "taobao",
    sentTo: "ipr@taobao.example",
    reason: "backup test",
    origin: "http://t",
  });
}, 120_000);
afterAll(async () => {
  await t?.cleanup();
  if (out) rmSync(out, { recursive: true, force: true });
});

async function withDb<T>(url: string, fn: (db: PrismaClient) => Promise<T>): Promise<T> {
  const db = createPrismaClient(url);
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}

describe.skipIf(onPostgres)(sqliteOnly("backup", "asserts the SQLite archive layout (the pg_dump path is the same code with another engine)"), () => {
  let archive: string;
  let restored: string;

  it("writes one archive with the snapshot, the store, the keys and a complete manifest", async () => {
    archive = path.join(out, "b1.tar");
    const r = await createBackup({ databaseUrl: t.url, dataDir: t.dataDir, out: archive });
    const m = r.manifest;
    expect(m.database.engine).toBe("sqlite");
    expect(m.database.fileName).toBe("test.db");
    expect(m.migrations.map((x) => x.name)).toContain("20261128000000_init");
    expect(m.counts.certificates).toBe(4);
    expect(m.counts.auditEvents).toBeGreaterThan(3);
    expect(m.registryAddress).toBe(readRegistryAddress(t.dataDir));
    const paths = m.files.map((f) => f.path);
    expect(paths).toContain("registry-key.json");
    expect(paths).toContain("session-secret");
    expect(paths.filter((p) => p.startsWith("originals/"))).toHaveLength(5);
    expect(paths.filter((p) => p.startsWith("derivatives/"))).toHaveLength(8);
    expect(m.counts.storedFiles).toBe(5);
    expect(paths).not.toContain("test.db");
    expect(m.missing).toEqual([]);
    await expect(createBackup({ databaseUrl: t.url, dataDir: t.dataDir, out: archive })).rejects.toThrow(/exists/);
    await expect(createBackup({ databaseUrl: t.url, dataDir: t.dataDir, out: path.join(t.dataDir, "x.tar") })).rejects.toThrow(/outside DATA_DIR/);
  });

  it("backs up a stopped instance too (a WAL database closed cleanly, no -shm beside it)", async () => {
    const stopped = path.join(out, "stopped");
    mkdirSync(stopped);
    const file = path.join(stopped, "k.db");
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.exec(`CREATE TABLE "AuditEvent" (seq INTEGER PRIMARY KEY); INSERT INTO "AuditEvent" VALUES (1), (2);`);
    db.close();
    expect(existsSync(`${file}-shm`)).toBe(false);
    const r = await createBackup({ databaseUrl: `file:${file}`, dataDir: stopped, out: path.join(out, "stopped.tar") });
    expect(r.manifest.counts).toEqual({ auditEvents: 2, certificates: 0, storedFiles: 0 });
    expect(r.manifest.files).toEqual([]);
  });

  it("--no-secrets leaves the registry key and session secret out", async () => {
    const r = await createBackup({ databaseUrl: t.url, dataDir: t.dataDir, out: path.join(out, "nosecrets.tar"), includeSecrets: false });
    const paths = r.manifest.files.map((f) => f.path);
    expect(paths).not.toContain("registry-key.json");
    expect(paths).not.toContain("session-secret");
    expect(r.manifest.registryAddress).toBe(readRegistryAddress(t.dataDir));
    // Without the key, a restore still checks every certificate against the recorded address.
    const back = await restoreBackup({ archive: r.out, dataDir: path.join(out, "r-nosecrets") });
    expect(back.ok).toBe(true);
    expect(back.instance!.certificates.checked).toBe(4);
    expect(readRegistryAddress(path.join(out, "r-nosecrets"))).toBeNull();
    const wrong = await restoreBackup({ archive: r.out, dataDir: path.join(out, "r-wrong-address"), expectedAddress: "0x" + "1".repeat(40) });
    expect(wrong.ok).toBe(false);
    expect(wrong.instance!.certificates.failed).toBe(4);
  });

  it("restores into a new directory and verifies the chain, every certificate and every stored file", async () => {
    restored = path.join(out, "r1");
    const r = await restoreBackup({ archive, dataDir: restored });
    expect(r.fileProblems).toEqual([]);
    expect(r.instance?.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.databaseUrl).toBe(`file:${path.join(restored, "test.db")}`);
    expect(r.instance!.certificates).toEqual({ checked: 4, registration: 3, license: 1, failed: 0 });
    expect(r.instance!.files).toEqual({ checked: 5, failed: 0 }); // 3 work photos, 1 evidence photo, 1 notice PDF
    expect(r.instance!.audit.count).toBe(r.manifest.counts.auditEvents);
    expect(readFileSync(path.join(restored, "registry-key.json"), "utf8")).toBe(readFileSync(path.join(t.dataDir, "registry-key.json"), "utf8"));
    await withDb(r.databaseUrl, async (db) => {
      expect((await db.certificate.findMany({ select: { number: true } })).map((c) => c.number).sort()).toEqual([...registered, licenseNumber].sort());
    });
  });

  it("refuses a non-empty target directory and writes nothing into it", async () => {
    const used = path.join(out, "used");
    mkdirSync(used);
    writeFileSync(path.join(used, "keep.txt"), "x");
    await expect(restoreBackup({ archive, dataDir: used })).rejects.toBeInstanceOf(RestoreRefused);
    await expect(restoreBackup({ archive, dataDir: restored })).rejects.toThrow(/not empty/);
  });

  it("detects a file changed inside the archive", async () => {
    // Rewrite the archive with one image's bytes changed and the original manifest kept.
    const tampered = path.join(out, "tampered.tar");
    const w = new TarWriter(tampered);
    let changed = "";
    await readTar(archive, async (e) => {
      let data = await e.read(1 << 26);
      if (!changed && e.name.startsWith("data/originals/")) {
        data = Buffer.from(data);
        data[data.length - 1] ^= 0xff;
        changed = e.name;
      }
      await w.addBuffer(e.name, data);
    });
    await w.finish();
    const r = await restoreBackup({ archive: tampered, dataDir: path.join(out, "r-tampered") });
    expect(r.ok).toBe(false);
    expect(r.fileProblems).toEqual([expect.objectContaining({ path: changed, problem: "sha256" })]);
    expect(r.instance).toBeNull();
  });

  it("detects an edited audit event and an edited certificate row", async () => {
    const url = `file:${path.join(restored, "test.db")}`;
    const address = parseManifest(await manifestOf(archive)).registryAddress;
    await withDb(url, async (db) => {
      const ev = await db.auditEvent.findFirstOrThrow({ where: { action: "work.registered" }, orderBy: { seq: "asc" } });
      await db.auditEvent.update({
        where: { seq: ev.seq },
        data: { data: JSON.stringify({ ...(JSON.parse(ev.data) as object), registrationNumber: "JDZ-1999-000001-0" }) },
      });
      const cert = await db.certificate.findFirstOrThrow({ where: { number: registered[1] } });
      const record = JSON.parse(cert.record) as Record<string, unknown>;
      record.registrationNumber = registered[0];
      await db.certificate.update({ where: { id: cert.id }, data: { record: JSON.stringify(record) } });
      const rep = await verifyInstance({ db, dataDir: restored, expectedAddress: address });
      expect(rep.ok).toBe(false);
      expect(rep.audit.ok).toBe(false);
      expect(rep.problems.find((p) => p.area === "audit")?.subject).toBe(`event #${ev.seq}`);
      expect(rep.certificates.failed).toBe(1);
      expect(rep.problems.find((p) => p.area === "certificate")?.subject).toBe(`registration ${registered[1]}`);
    });
  });

  it("fails the restore of a backup whose stored image was swapped on disk", async () => {
    const view = await t.db.workView.findFirstOrThrow();
    const file = path.join(t.dataDir, ...view.storageKey.split("/"));
    const original = readFileSync(file);
    writeFileSync(file, Buffer.concat([original, Buffer.from("x")]));
    try {
      const b = path.join(out, "swapped.tar");
      await createBackup({ databaseUrl: t.url, dataDir: t.dataDir, out: b });
      const r = await restoreBackup({ archive: b, dataDir: path.join(out, "r-swapped") });
      expect(r.fileProblems).toEqual([]); // the archive is faithful to what was on disk…
      expect(r.ok).toBe(false); // …but the row's hash says the image is not the registered one
      expect(r.instance!.problems).toEqual([expect.objectContaining({ area: "file", subject: view.storageKey })]);
    } finally {
      writeFileSync(file, original);
    }
  });
});

async function manifestOf(file: string): Promise<string> {
  let text = "";
  await readTar(file, async (e) => {
    if (e.name === "manifest.json") text = (await e.read(1 << 24)).toString("utf8");
  });
  return text;
}
