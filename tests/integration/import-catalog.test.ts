/**
 * Bulk import through the real createWork: good rows become submitted works with their photos,
 * bad rows are reported (row, column, localized message) and create nothing.
 */
import { renditionsIdle } from "~/domain/imaging/ingest-image.server";
import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { importCatalog } from "~/domain/registry/import-catalog.server";
import { imagesFromDirectory, imagesFromUploads } from "~/domain/registry/import-images.server";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { verifyAuditLog } from "~/domain/audit/verify-audit-log.server";

let t: TestDb;
let artisan: Awaited<ReturnType<typeof createTestUser>>;
let licensee: Awaited<ReturnType<typeof createTestUser>>;
const png = (seed: number) => generateCeramicImage(seed, seed % 2 ? "famille-rose" : "blue-and-white");

beforeAll(async () => {
  t = await createTestDb();
  artisan = await createTestUser(t.db, "artisan", { name: "陈青" });
  licensee = await createTestUser(t.db, "licensee");
}, 60_000);
afterAll(async () => t.cleanup());

describe("importCatalog", () => {
  it("creates one submitted work per good row from a ZIP of photos, with progress", async () => {
    const zip = new JSZip();
    zip.file("photos/vase-front.png", await png(101));
    zip.file(
      "photos/vase-base.jpg",
      await sharp(await png(102))
        .jpeg()
        .toBuffer(),
    );
    zip.file("plate.png", await png(103));
    zip.file("__MACOSX/._plate.png", "junk");
    const zipBytes = await zip.generateAsync({ type: "uint8array" });
    const csv = [
      "标题,title_en,类别,工艺,作者,公开性,图片,高,creation_date",
      `青花梅瓶,Meiping,瓶,青花,"陈青|Chen Qing|设计",公开,"正面:vase-front.png；底款:vase-base.jpg",320,2025-05-01`,
      `粉彩盘,Plate,tableware,fencai,陈青,sealed,PLATE.png,,`,
    ].join("\n");
    const progress: number[] = [];
    const report = await importCatalog({
      userId: artisan.id,
      csv,
      images: await imagesFromUploads([{ name: "photos.zip", bytes: zipBytes }]),
      locale: "en",
      onProgress: (p) => progress.push(p.done),
    });
    expect(report.problems).toEqual([]);
    expect(report.total).toBe(2);
    expect(report.created.map((c) => c.row)).toEqual([2, 3]);
    expect(progress).toEqual([0, 1, 2]);
    const works = await t.db.work.findMany({
      where: { id: { in: report.created.map((c) => c.workId) } },
      include: { views: { orderBy: { order: "asc" } }, authors: true },
      orderBy: { titleZh: "asc" },
    });
    const vase = works.find((w) => w.titleZh === "青花梅瓶")!;
    expect(vase).toMatchObject({
      status: "submitted",
      visibility: "public",
      category: "vase",
      techniques: '["qinghua"]',
      heightMm: 320,
      ownerUserId: artisan.id,
      ownerName: "陈青",
    });
    expect(vase.views.map((v) => [v.kind, v.originalName])).toEqual([
      ["front", "vase-front.png"],
      ["base_mark", "vase-base.jpg"],
    ]);
    expect(vase.authors[0]).toMatchObject({ name: "陈青", nameEn: "Chen Qing", role: "设计" });
    expect(works.find((w) => w.titleZh === "粉彩盘")).toMatchObject({ visibility: "sealed", category: "tableware" });
    expect(await t.db.auditEvent.count({ where: { action: "catalog.imported", actorId: artisan.id } })).toBe(1);
    expect((await verifyAuditLog({ db: t.db })).ok).toBe(true);
  });

  it("reports bad rows with row, column and message, and creates nothing for them", async () => {
    const dir = fs.mkdtempSync(path.join(t.dataDir, "import-"));
    fs.writeFileSync(path.join(dir, "good.png"), await png(201));
    fs.writeFileSync(path.join(dir, "fake.jpg"), "<html>not an image</html>");
    fs.writeFileSync(path.join(dir, "other.png"), await png(202));
    const csv = [
      "title_zh,category,techniques,authors,images",
      "好作品,vase,qinghua,陈青,good.png", // row 2: fine
      ",spaceship,qinghua,陈青,other.png", // row 3: no title, bad category
      "缺图,vase,,陈青,missing.png", // row 4: photo not uploaded
      "假图,vase,,陈青,fake.jpg", // row 5: HTML renamed .jpg
      "另一件,vase,,陈青,front:other.png;side:missing2.png", // row 6: one photo missing → nothing created
    ].join("\n");
    const before = await t.db.work.count();
    await renditionsIdle(); // the previous test's derivatives are written after its commits
    const storedBefore = countFiles(t.dataDir);
    const report = await importCatalog({ userId: artisan.id, csv, images: await imagesFromDirectory(dir), locale: "zh-CN" });
    expect(report.created.map((c) => c.row)).toEqual([2]);
    expect(await t.db.work.count()).toBe(before + 1);
    const at = (row: number) => report.problems.filter((p) => p.row === row);
    expect(at(3).map((p) => p.column)).toEqual(["category", "title_zh"]);
    expect(at(3)[0]!.message).toContain("spaceship");
    expect(at(4)).toEqual([{ row: 4, column: "images", message: "未上传照片“missing.png”。" }]);
    expect(at(5)).toEqual([{ row: 5, column: "images", message: "该文件不是可接受的图像。请上传 JPEG、PNG、WebP、AVIF 或 TIFF 格式的照片。" }]);
    expect(at(6)).toEqual([{ row: 6, column: "images", message: "未上传照片“missing2.png”。" }]);
    // Only the good row's photo (original + two derivatives, published after its commit) was stored.
    await renditionsIdle();
    expect(countFiles(t.dataDir) - storedBefore).toBe(3);
  });

  it("refuses users who may not register works and studios they do not belong to", async () => {
    const csv = "title_zh,category,authors,images\nx,vase,a,a.png\n";
    await expect(importCatalog({ userId: licensee.id, csv, images: await imagesFromUploads([]), locale: "en" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const org = await t.db.organization.create({ data: { kind: "studio", name: "别人的工作室" } });
    await expect(importCatalog({ userId: artisan.id, csv, images: await imagesFromUploads([]), owner: org.id, locale: "en" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("stops a ZIP entry that inflates past the image limit", async () => {
    const zip = new JSZip();
    zip.file("bomb.png", new Uint8Array(3 * 1024 * 1024)); // zeros: compresses to a few KB
    const bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    expect(bytes.length).toBeLessThan(64 * 1024);
    const source = await imagesFromUploads([{ name: "b.zip", bytes }], 1024 * 1024);
    await expect(source.get("bomb.png")).rejects.toMatchObject({ messageKey: "catalog.import.error.zipEntryTooLarge" });
  });
});

function countFiles(dir: string): number {
  let n = 0;
  for (const sub of ["originals", "derivatives"]) {
    const root = path.join(dir, sub);
    if (!fs.existsSync(root)) continue;
    for (const e of fs.readdirSync(root, { recursive: true, withFileTypes: true })) if (e.isFile()) n++;
  }
  return n;
}
