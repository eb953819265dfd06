/**
 * The public work page's one-statement read (catalogIndex().work, SQLite and PostgreSQL) against
 * what the Prisma client reads for the same rows: the work, its makers and views in order, the
 * published offers newest first, and the certificate with its batch — field for field, dates
 * included. Then the page itself: a visitor's page and a signed-in owner's page show the same.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { createCertifiedWork } from "../setup/factories-certificates";
import { createRegisteredWork } from "../setup/factories-licensing";
import { catalogIndex } from "~/domain/registry/catalog-index.server";
import { getWorkForViewer, VIEWER_WORK_INCLUDE, workForViewer } from "~/domain/registry/get-work-for-viewer.server";
import { getRegisteredWork, getRegisteredWorkWithCertificate } from "~/domain/registry/get-registered-work.server";
import { makeAnchorBatch } from "~/domain/anchoring/make-anchor-batch.server";
import { certificateStatusOf, getCertificateStatus } from "~/domain/anchoring/get-certificate-status.server";
import { storedDate } from "~/domain/registry/work-record";

let t: TestDb;
let owner: Awaited<ReturnType<typeof createTestUser>>;
const numbers: string[] = [];

beforeAll(async () => {
  t = await createTestDb();
  owner = await createTestUser(t.db, "artisan", { name: "陈青" });
  const batched = await createCertifiedWork(t.db, { ownerUserId: owner.id, title: "青花缠枝莲纹梅瓶", views: 3 });
  await makeAnchorBatch({ actorId: null });
  const sealed = await createCertifiedWork(t.db, { ownerUserId: owner.id, visibility: "sealed", title: "秘藏斗彩鸡缸杯", views: 2 });
  const bare = await createRegisteredWork(t.db, { ownerUserId: owner.id, title: "颜色釉茶盏" });
  // Makers and views out of insertion order, a creation date, dimensions, a revocation.
  await t.db.work.update({
    where: { id: batched.work.id },
    data: {
      heightMm: 412,
      widthMm: 210,
      creationDate: new Date("2024-05-12T00:00:00Z"),
      descriptionEn: 'Quotes " and \\ and 中文',
      authors: {
        create: [
          { name: "周白", nameEn: "Zhou Bai", role: "绘画", order: 1 },
          { name: "陈青", nameEn: "Chen Qing", role: "设计", order: 0 },
        ],
      },
    },
  });
  await t.db.workView.updateMany({ where: { workId: batched.work.id, kind: "front" }, data: { order: 5 } });
  await t.db.work.update({ where: { id: sealed.work.id }, data: { status: "revoked", revokedAt: new Date("2026-03-01T07:30:00.123Z") } });
  const offer = (status: string, at: string, fee: number) =>
    t.db.licenseOffer.create({
      data: {
        workId: batched.work.id,
        createdById: owner.id,
        status,
        exclusivity: "non_exclusive",
        fields: "[]",
        territories: "[]",
        termStart: new Date("2027-01-01T00:00:00Z"),
        termEnd: new Date("2028-01-01T00:00:00Z"),
        upfrontFeeFen: fee,
        royaltyBps: 250,
        createdAt: new Date(at),
      },
    });
  await offer("published", "2026-01-01T00:00:00Z", 100_00);
  await offer("withdrawn", "2026-02-01T00:00:00Z", 200_00);
  await offer("published", "2026-03-01T00:00:00Z", 300_00);
  numbers.push(batched.work.registrationNumber!, sealed.work.registrationNumber!, bare.registrationNumber!);
}, 120_000);
afterAll(async () => t.cleanup());

describe("catalogIndex().work", () => {
  it("reads what the Prisma client reads, for batched, sealed-and-revoked and certificate-less works", async () => {
    for (const n of numbers) {
      const record = await catalogIndex().work(n);
      expect(record).not.toBeNull();
      const { ownerOrg: _org, ...work } = await t.db.work.findUniqueOrThrow({ where: { registrationNumber: n }, include: VIEWER_WORK_INCLUDE });
      const { authors, views, ...columns } = work;
      expect(record!.work).toEqual(Object.fromEntries(Object.keys(record!.work).map((k) => [k, columns[k as keyof typeof columns]])));
      expect(record!.authors).toEqual(authors);
      expect(record!.views).toEqual(views);
      const offers = await t.db.licenseOffer.findMany({
        where: { status: "published", workId: work.id },
        orderBy: { createdAt: "desc" },
        select: { id: true, exclusivity: true, upfrontFeeFen: true, royaltyBps: true },
      });
      expect(record!.offers).toEqual(offers);
      const certificate = await t.db.certificate.findUnique({ where: { number: n }, include: { batch: true } });
      expect(record!.certificate).toEqual(certificate);
      // The same access decision as the Prisma path, for a visitor.
      expect(workForViewer({ ...record!.work, authors: record!.authors, views: record!.views }, { id: null, roles: [] })).toEqual(
        await getWorkForViewer({ viewerId: null, registrationNumber: n }),
      );
    }
    const [batched, , bare] = numbers;
    const first = (await catalogIndex().work(batched!))!;
    expect(first.authors.map((a) => a.nameEn)).toEqual(["Chen Qing", "Zhou Bai"]);
    expect(first.views.at(-1)?.kind).toBe("front");
    expect(first.offers.map((o) => o.upfrontFeeFen)).toEqual([300_00, 100_00]);
    expect(first.certificate?.batch?.seq).toBe(1);
    expect((await catalogIndex().work(bare!))!.certificate).toBeNull();
    expect(await catalogIndex().work("JDZ-2026-999999-9")).toBeNull();
  });

  it("gives a visitor the same work page data and certificate status as the client's read", async () => {
    for (const n of numbers) {
      const visitor = await getRegisteredWorkWithCertificate({ registrationNumber: n });
      expect(visitor?.work).toEqual(await getRegisteredWork({ registrationNumber: n }));
      // The owner's page goes through Prisma; the public fields are the same.
      const own = await getRegisteredWorkWithCertificate({ registrationNumber: n, viewerId: owner.id });
      expect(own?.work.hashes).toEqual(visitor?.work.hashes);
      expect(own?.work.offers).toEqual(visitor?.work.offers);
      expect(own?.certificate).toEqual(visitor?.certificate);
      const status = visitor!.certificate ? await certificateStatusOf(visitor!.certificate) : null;
      expect(status).toEqual(await getCertificateStatus(n));
    }
    const sealedPage = await getRegisteredWorkWithCertificate({ registrationNumber: numbers[1]! });
    expect(sealedPage?.work).toMatchObject({ sealed: true, status: "revoked", details: null, revokedAt: "2026-03-01T07:30:00.123Z" });
    expect(JSON.stringify(sealedPage?.work)).not.toContain("秘藏");
    const status = await certificateStatusOf((await getRegisteredWorkWithCertificate({ registrationNumber: numbers[0]! }))!.certificate!);
    expect(status).toMatchObject({ signatureValid: true, batch: { seq: 1, proofValid: true, status: "pending" } });
  });

  it("a tampered certificate row is not valid, though an intact one's checks are remembered", async () => {
    const n = numbers[0]!;
    const row = (await getRegisteredWorkWithCertificate({ registrationNumber: n }))!.certificate!;
    expect((await certificateStatusOf(row)).signatureValid).toBe(true);
    const record = JSON.parse(row.record) as Record<string, unknown>;
    const forged = { ...row, record: JSON.stringify({ ...record, registeredAt: Number(record.registeredAt) + 1 }) };
    expect((await certificateStatusOf(forged)).signatureValid).toBe(false);
    expect((await certificateStatusOf(row)).signatureValid).toBe(true);
  });
});

describe("storedDate", () => {
  it("reads every way the databases return a time, as UTC", () => {
    const at = "2026-11-30T19:01:49.945Z";
    expect(storedDate("2026-11-30T19:01:49.945+00:00")?.toISOString()).toBe(at);
    expect(storedDate("2026-11-30T19:01:49.945")?.toISOString()).toBe(at);
    expect(storedDate("2026-11-30 19:01:49.945")?.toISOString()).toBe(at);
    expect(storedDate("2026-12-01T03:01:49.945+08:00")?.toISOString()).toBe(at);
    expect(storedDate(Date.parse(at))?.toISOString()).toBe(at);
    expect(storedDate(new Date(at))?.toISOString()).toBe(at);
    expect(storedDate(null)).toBeNull();
    expect(() => storedDate("yesterday")).toThrow();
  });
});
