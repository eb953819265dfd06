/**
 * The motif backfill: views stored without features (before motif matching, or after an engine
 * failure at ingest) get them; a second run skips them (resumable); files of the older layout
 * without a thumbnail are recomputed; the motif index then finds the view.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { createCatalogWork } from "../setup/factories-catalog";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { storagePath } from "~/domain/imaging/ingest-image.server";
import { backfillFeatures } from "~/domain/imaging/motif/backfill-features.server";
import { extractQueryFeatures } from "~/domain/imaging/motif/extract-features.server";
import { featureKey, readFeatureSet } from "~/domain/imaging/motif/feature-set";
import { closeMotifPool } from "~/domain/imaging/motif/motif-pool.server";
import { resetMotifIndex } from "~/domain/imaging/motif/motif-index.server";
import { findMotifMatches } from "~/domain/registry/find-motif-matches.server";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await closeMotifPool();
  await t.cleanup();
});

describe("motif:backfill", () => {
  it("computes missing features, skips present ones, and the view becomes findable", async () => {
    const owner = await createTestUser(t.db, "artisan");
    const png = await generateCeramicImage(5151, "blue-and-white");
    const w = await createCatalogWork(t.db, t.dataDir, { ownerUserId: owner.id, images: [png] });
    const sha = w.work.views[0]!.sha256;
    const file = storagePath(t.dataDir, featureKey(sha));
    expect(existsSync(file)).toBe(true); // written at ingest
    rmSync(file); // as if stored before motif matching
    resetMotifIndex();
    const copy = await sharp(png).extract({ left: 100, top: 80, width: 700, height: 760 }).rotate(6, { background: "#fff" }).jpeg().toBuffer();
    const before = await findMotifMatches({ query: await extractQueryFeatures(copy), registeredOnly: true });
    expect(before.matches).toEqual([]);

    const progress: number[] = [];
    const first = await backfillFeatures({ db: t.db, dataDir: t.dataDir, onProgress: (p) => progress.push(p.done) });
    expect(first).toMatchObject({ total: 1, computed: 1, skipped: 0, failed: 0 });
    expect(progress).toEqual([1]);
    expect(statSync(file).size).toBeGreaterThan(10_000);
    const second = await backfillFeatures({ db: t.db, dataDir: t.dataDir });
    expect(second).toMatchObject({ total: 1, computed: 0, skipped: 1 });

    // A file written before features carried a thumbnail (header 0 x 0, no trailing pixels) is
    // readable but recomputed, so the photometric check can run on that view.
    const current = new Uint8Array(readFileSync(file));
    const thumb = readFeatureSet(current).thumbnail!;
    expect(thumb.width).toBe(128);
    const old = current.slice(0, current.byteLength - thumb.width * thumb.height);
    old.fill(0, 16, 20);
    writeFileSync(file, old);
    expect(readFeatureSet(old).thumbnail).toBeNull();
    const third = await backfillFeatures({ db: t.db, dataDir: t.dataDir });
    expect(third).toMatchObject({ total: 1, computed: 1, skipped: 0 });
    expect(readFeatureSet(new Uint8Array(readFileSync(file))).thumbnail).not.toBeNull();

    resetMotifIndex();
    const after = await findMotifMatches({ query: await extractQueryFeatures(copy), registeredOnly: true });
    expect(after.matches.map((m) => m.registrationNumber)).toEqual([w.work.registrationNumber]);
  }, 120_000);
});
