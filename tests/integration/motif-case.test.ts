/**
 * Motif matches on infringement cases: a report whose photo PDQ cannot match (cropped, rotated,
 * padded) gets an automatic motif match with its region and points; the case view lists it with
 * a side-by-side evidence picture; the officer confirms or dismisses it (audited); the evidence
 * package carries the picture with its SHA-256 in the manifest and verify-evidence accepts it.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { createCatalogWork } from "../setup/factories-catalog";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { closeMotifPool } from "~/domain/imaging/motif/motif-pool.server";
import { openCase } from "~/domain/cases/open-case.server";
import { getCaseView } from "~/domain/cases/get-case-view.server";
import { reviewCaseMatch } from "~/domain/cases/review-case-match.server";
import { buildCasePackage } from "~/domain/cases/build-case-package.server";
import { renderCaseMatchPicture } from "~/domain/cases/motif-match-picture.server";

let t: TestDb;
let registeredPng: Buffer;
let work: Awaited<ReturnType<typeof createCatalogWork>>;
let reporter: Awaited<ReturnType<typeof createTestUser>>;
let officer: Awaited<ReturnType<typeof createTestUser>>;

async function tiltedCopy(png: Buffer): Promise<Buffer> {
  const { width = 960, height = 960 } = await sharp(png).metadata();
  const cropped = await sharp(png)
    .extract({ left: Math.round(width * 0.1), top: Math.round(height * 0.1), width: Math.round(width * 0.8), height: Math.round(height * 0.8) })
    .rotate(8, { background: "#ffffff" })
    .toBuffer();
  const m = await sharp(cropped).metadata();
  return sharp(cropped)
    .extend({
      top: Math.round(m.height! * 0.2),
      bottom: Math.round(m.height! * 0.2),
      left: Math.round(m.width! * 0.2),
      right: Math.round(m.width! * 0.2),
      background: "#ffffff",
    })
    .jpeg({ quality: 80 })
    .toBuffer();
}

beforeAll(async () => {
  t = await createTestDb();
  const owner = await createTestUser(t.db, "artisan", { name: "陈青" });
  reporter = await createTestUser(t.db, "artisan");
  officer = await createTestUser(t.db, "officer");
  registeredPng = await generateCeramicImage(4242, "famille-rose");
  work = await createCatalogWork(t.db, t.dataDir, { ownerUserId: owner.id, ownerName: "陈青", images: [registeredPng] });
}, 120_000);
afterAll(async () => {
  await closeMotifPool();
  await t.cleanup();
});

describe("motif matches on a case", () => {
  it("are found automatically, shown with a picture, reviewed by an officer and packaged with their hash", async () => {
    const copy = await tiltedCopy(registeredPng);
    const c = await openCase({
      db: t.db,
      dataDir: t.dataDir,
      reporter: { kind: "user", userId: reporter.id },
      registrationNumbers: [work.work.registrationNumber!],
      files: [{ bytes: copy, name: "listing.jpg" }],
      url: "https://item.taobao.com/item.htm?id=motif",
      platform: "taobao",
      sellerId: "shop-m",
      description: "The shop shows the registered plate, cropped, tilted and framed.",
      standing: "public",
    });
    const rows = await t.db.caseMatch.findMany({ where: { caseId: c.id } });
    const motif = rows.find((r) => r.method === "motif")!;
    expect(motif).toMatchObject({ workId: work.work.id, verdict: "motif", review: null });
    expect(motif.inliers).toBeGreaterThanOrEqual(24); // MOTIF_MIN_SCORE
    expect(rows.some((r) => r.method === "pdq" && r.verdict === "same")).toBe(false);

    // The case view: motif first among non-"same" matches, with a picture.
    const view = await getCaseView({ db: t.db, number: c.number, userId: reporter.id });
    const vm = view.matches.find((m) => m.id === motif.id)!;
    expect(vm).toMatchObject({ verdict: "motif", picture: true, showView: true, inliers: motif.inliers, review: null });
    const picture = await renderCaseMatchPicture({ db: t.db, dataDir: t.dataDir, matchId: motif.id, caseId: c.id });
    const meta = await sharp(picture!).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.width!).toBeGreaterThan(meta.height!);
    // Deterministic: the package carries the picture the page shows.
    expect((await renderCaseMatchPicture({ db: t.db, dataDir: t.dataDir, matchId: motif.id, caseId: c.id }))!.equals(picture!)).toBe(true);

    // Only officers review; the review is recorded and audited.
    await expect(reviewCaseMatch({ db: t.db, actorId: reporter.id, caseId: c.id, matchId: motif.id, review: "confirmed" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(reviewCaseMatch({ db: t.db, actorId: officer.id, caseId: c.id, matchId: motif.id, review: "maybe" })).rejects.toMatchObject({
      code: "BAD_INPUT",
    });
    await expect(reviewCaseMatch({ db: t.db, actorId: officer.id, caseId: "other", matchId: motif.id, review: "confirmed" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await reviewCaseMatch({ db: t.db, actorId: officer.id, caseId: c.id, matchId: motif.id, review: "confirmed" });
    expect((await getCaseView({ db: t.db, number: c.number, userId: officer.id })).matches.find((m) => m.id === motif.id)!.review).toBe("confirmed");
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { entityId: c.id, action: "case.match_reviewed" } });
    expect(JSON.parse(audit.data)).toMatchObject({ matchId: motif.id, review: "confirmed", from: null });

    // The evidence package: the photo and the motif picture, each with its SHA-256.
    const pkg = await buildCasePackage({ db: t.db, dataDir: t.dataDir, actorId: officer.id, caseId: c.id });
    expect(pkg.manifest.files).toHaveLength(2);
    const pic = pkg.manifest.files.find((f) => f.mime === "image/jpeg" && f.originalName?.startsWith("motif-match-"))!;
    expect(pic.sha256).toBe((await import("node:crypto")).createHash("sha256").update(picture!).digest("hex"));
    expect(pic.description).toContain(work.work.registrationNumber!);
    const zipFile = path.join(t.dataDir, "motif.zip");
    writeFileSync(zipFile, pkg.zip);
    const run = spawnSync("npx", ["tsx", "scripts/verify-evidence.ts", zipFile], { encoding: "utf8", env: { ...process.env, LANG: "en_US.UTF-8" } });
    expect(run.status, run.stderr).toBe(0);

    // A dismissed match stays on record but leaves the package.
    await reviewCaseMatch({ db: t.db, actorId: officer.id, caseId: c.id, matchId: motif.id, review: "dismissed" });
    const again = await buildCasePackage({ db: t.db, dataDir: t.dataDir, actorId: officer.id, caseId: c.id });
    expect(again.manifest.files).toHaveLength(1);
  }, 180_000);
});
