/**
 * Display derivatives are written after the registration's commit (off the request) and made from
 * the original when missing: the page's picture route answers either way, right after the
 * registration, and after a crash that lost them.
 */
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { derivativeKey, renditionsIdle } from "~/domain/imaging/ingest-image.server";
import { createWork } from "~/domain/registry/create-work.server";
import { registerWork } from "~/domain/registry/register-work.server";
import { loader as imageLoader } from "~/routes/resources+/images.$sha256.$size";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.cleanup());

const image = (sha256: string, size: number) =>
  imageLoader({ request: new Request(`http://x/resources/images/${sha256}/${size}`), params: { sha256, size: String(size) }, context: {} });

describe("view images", () => {
  it("serves a registered work's pictures right after registration, and again after its derivatives were lost", async () => {
    const artisan = await createTestUser(t.db, "artisan");
    const officer = await createTestUser(t.db, "officer");
    const w = await createWork({
      userId: artisan.id,
      values: { titleZh: "青花碗", category: "vase", techniques: ["qinghua"], authors: [{ name: "陈青", role: "绘画" }], owner: "self", visibility: "public" },
      views: [{ kind: "front", bytes: await generateCeramicImage(9101, "blue-and-white"), originalName: "front.png" }],
      submit: true,
    });
    await registerWork({ officerId: officer.id, workId: w.id });
    const sha = (await t.db.workView.findFirstOrThrow({ where: { workId: w.id } })).sha256;

    // No waiting for the background publication: the route waits for it or makes the picture.
    const first = await image(sha, 320);
    expect(first.status).toBe(200);
    expect(first.headers.get("Content-Type")).toBe("image/webp");
    expect((await sharp(Buffer.from(await first.arrayBuffer())).metadata()).format).toBe("webp");

    // A crash between the commit and the publication: the files are gone, the original is not.
    await renditionsIdle();
    for (const size of [320, 1280] as const) fs.rmSync(path.join(t.dataDir, derivativeKey(sha, size)));
    const again = await image(sha, 1280);
    expect(again.status).toBe(200);
    const meta = await sharp(Buffer.from(await again.arrayBuffer())).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(960); // the demo photo is 960 px: not enlarged
    expect(fs.existsSync(path.join(t.dataDir, derivativeKey(sha, 1280)))).toBe(true); // kept
    expect(fs.existsSync(path.join(t.dataDir, derivativeKey(sha, 320)))).toBe(true);

    // Bytes nobody stored: 404, and nothing is written.
    const unknown = "ab".repeat(32);
    expect((await image(unknown, 320)).status).toBe(404);
    expect(fs.existsSync(path.join(t.dataDir, derivativeKey(unknown, 320)))).toBe(false);
  });
});
