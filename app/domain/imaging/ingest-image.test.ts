import { featureKey } from "./motif/feature-set";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DomainError, type ErrorCode } from "~/domain/errors";
import { hasKey, translate } from "~/utils/i18n";
import { generateCeramicImage } from "./generate-demo-image.server";
import { hashImage } from "./hash-image.server";
import { MAX_IMAGE_BYTES } from "./image-type";
import { ingestImage, publishRenditions, readDerivative, removeIngested } from "./ingest-image.server";
import { extractFeatures } from "./motif/extract-features.server";

// Counted, not replaced: a photo whose renditions are stored must not be analysed for them again.
vi.mock("./motif/extract-features.server", async (importOriginal) => {
  const m = await importOriginal<typeof import("./motif/extract-features.server")>();
  return { ...m, extractFeatures: vi.fn(m.extractFeatures) };
});

const FIXTURES = path.resolve(process.cwd(), "../shared/fixtures");
const EXIF = path.join(FIXTURES, "photos/exif-orientation");

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "kilnmark-ingest-test-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dirCount = 0;
const freshDataDir = () => path.join(root, `data-${dirCount++}`);

/** Every file under dir, relative, including temp files. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error("expected the upload to be refused");
}

describe("bad uploads are refused with a clear DomainError and leave no file", () => {
  const corpus: Record<string, { make: () => Promise<Buffer>; code: ErrorCode; key: string }> = {
    "SVG (scripts, external references)": {
      make: async () =>
        Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="900" height="900"><rect width="900" height="900" fill="blue"/></svg>'),
      code: "UNSUPPORTED_MEDIA",
      key: "imaging.error.unsupportedType",
    },
    "HTML renamed .jpg": {
      make: async () => Buffer.from("<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"),
      code: "UNSUPPORTED_MEDIA",
      key: "imaging.error.unsupportedType",
    },
    "empty file": { make: async () => Buffer.alloc(0), code: "BAD_INPUT", key: "imaging.error.empty" },
    "truncated JPEG": {
      make: async () => {
        const jpg = await sharp(await generateCeramicImage(3, "blue-and-white"))
          .jpeg({ quality: 90 })
          .toBuffer();
        return jpg.subarray(0, Math.floor(jpg.length * 0.6));
      },
      code: "UNPROCESSABLE",
      key: "imaging.error.corrupt",
    },
    "20000x20000 PNG decompression bomb": {
      make: async () => {
        const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: "white" } })
          .png()
          .toBuffer();
        return sharp(tiny).resize(20000, 20000, { kernel: "nearest" }).toColourspace("b-w").png({ compressionLevel: 9 }).toBuffer();
      },
      code: "TOO_LARGE",
      key: "imaging.error.tooManyPixels",
    },
    "animated GIF": {
      make: async () => {
        const frames = await Promise.all(
          ["red", "blue"].map((c) =>
            sharp({ create: { width: 64, height: 64, channels: 3, background: c } })
              .png()
              .toBuffer(),
          ),
        );
        return sharp(frames, { join: { animated: true } })
          .gif()
          .toBuffer();
      },
      code: "UNSUPPORTED_MEDIA",
      key: "imaging.error.unsupportedType",
    },
    "animated WebP": {
      make: async () => {
        const frames = await Promise.all(
          ["red", "blue"].map((c) =>
            sharp({ create: { width: 64, height: 64, channels: 3, background: c } })
              .png()
              .toBuffer(),
          ),
        );
        return sharp(frames, { join: { animated: true } })
          .webp()
          .toBuffer();
      },
      code: "UNSUPPORTED_MEDIA",
      key: "imaging.error.animated",
    },
    "file over 25 MB": {
      make: async () => {
        const jpg = await sharp(await generateCeramicImage(4, "famille-rose"))
          .jpeg()
          .toBuffer();
        const big = Buffer.alloc(MAX_IMAGE_BYTES + 1);
        jpg.copy(big);
        return big;
      },
      code: "TOO_LARGE",
      key: "imaging.error.tooLarge",
    },
  };

  it.each(Object.keys(corpus))(
    "%s",
    async (name) => {
      const { make, code, key } = corpus[name];
      const bytes = await make();
      const dataDir = freshDataDir();
      const err = await refusal(ingestImage({ dataDir, bytes }));
      expect(err.code).toBe(code);
      expect(err.messageKey).toBe(key);
      expect(listFiles(dataDir)).toEqual([]);
      // hashImage (verify / match API) refuses the same way.
      expect((await refusal(hashImage(bytes))).code).toBe(code);
      // The message exists in both languages and has every placeholder filled.
      expect(hasKey(key)).toBe(true);
      for (const locale of ["en", "zh-CN"] as const) {
        expect(translate(locale, key, err.params)).not.toMatch(/\{\w+\}/);
      }
    },
    60_000,
  );

  it("maps codes to the documented HTTP statuses", async () => {
    expect((await refusal(hashImage(Buffer.alloc(0)))).status).toBe(400);
    expect((await refusal(hashImage(Buffer.from("<svg/>")))).status).toBe(415);
  });
});

describe("ingestImage", () => {
  it("stores the original content-addressed and, once published, two upright, metadata-free WebP derivatives", async () => {
    const dataDir = freshDataDir();
    const png = await generateCeramicImage(11, "famille-rose");
    const r = await ingestImage({ dataDir, bytes: png });
    const sha = createHash("sha256").update(png).digest("hex");
    expect(r.sha256).toBe(sha);
    expect(r.storageKey).toBe(`originals/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`);
    expect(readFileSync(path.join(dataDir, r.storageKey)).equals(png)).toBe(true);
    expect(r.derivatives).toEqual({ 320: `derivatives/${sha}-320.webp`, 1280: `derivatives/${sha}-1280.webp` });
    // A registration waits for the original only.
    expect(r.created).toEqual([r.storageKey]);
    expect(listFiles(dataDir)).toEqual([r.storageKey]); // no temp files, nothing else yet
    // After the caller's commit: local features and derivatives from the pixels the analysis made.
    await publishRenditions(dataDir, [r]);
    expect(listFiles(dataDir)).toEqual([r.storageKey, featureKey(sha), r.derivatives[320], r.derivatives[1280]].sort());
    expect(r).toMatchObject({ mime: "image/png", width: 960, height: 960, sizeBytes: png.length });

    for (const size of [320, 1280] as const) {
      const meta = await sharp(readFileSync(path.join(dataDir, r.derivatives[size]))).metadata();
      expect(meta.format).toBe("webp");
      expect(Math.max(meta.width!, meta.height!)).toBe(Math.min(size, 960));
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
    }
    // Same hashes as the storage-free path.
    const { sha256, pdq, pdqQuality, pdqDihedral, phash } = await hashImage(png);
    expect(r).toMatchObject({ sha256, pdq, pdqQuality, pdqDihedral, phash });
    expect(r.pdqDihedral).toHaveLength(8);
  });

  it("reuses identical files, and removeIngested deletes only what that ingest created", async () => {
    const dataDir = freshDataDir();
    const png = await generateCeramicImage(12, "blue-and-white");
    const first = await ingestImage({ dataDir, bytes: png });
    const mtime = statSync(path.join(dataDir, first.storageKey)).mtimeMs;
    const second = await ingestImage({ dataDir, bytes: png });
    expect(second.created).toEqual([]);
    expect(second.storageKey).toBe(first.storageKey);
    expect(statSync(path.join(dataDir, first.storageKey)).mtimeMs).toBe(mtime);

    // The second upload's transaction failed: nothing of the first must go.
    await removeIngested(dataDir, second);
    expect(listFiles(dataDir)).toEqual([first.storageKey]);

    // A failed transaction of the first upload, while a committed row still uses the original.
    await removeIngested(dataDir, first, { isReferenced: async (key) => key === first.storageKey });
    expect(listFiles(dataDir)).toEqual([first.storageKey]);

    await removeIngested(dataDir, first);
    expect(listFiles(dataDir)).toEqual([]);
  });

  it("does not make the renditions of a photo again once they are stored, and remakes a missing one", async () => {
    const dataDir = freshDataDir();
    const png = await generateCeramicImage(13, "famille-rose");
    const first = await ingestImage({ dataDir, bytes: png });
    await publishRenditions(dataDir, [first]);
    const renditions = [featureKey(first.sha256), first.derivatives[320], first.derivatives[1280]];
    const stamp = () => renditions.map((k) => (existsSync(path.join(dataDir, k)) ? statSync(path.join(dataDir, k)).ino : null));
    const before = stamp();
    expect(before.every((ino) => ino !== null)).toBe(true);
    const calls = () => vi.mocked(extractFeatures).mock.calls.length;
    const extracted = calls();

    // The same photo again (a second work, a re-import): same hashes, no ORB run, the same files,
    // marked in use for the sweep's grace (change time moved on, bytes not rewritten).
    const changed = () => renditions.map((k) => statSync(path.join(dataDir, k)).ctimeMs);
    const changedBefore = changed();
    await new Promise((r) => setTimeout(r, 20));
    const second = await ingestImage({ dataDir, bytes: png });
    await publishRenditions(dataDir, [second]);
    expect(second).toMatchObject({ sha256: first.sha256, pdq: first.pdq, pdqDihedral: first.pdqDihedral, phash: first.phash });
    expect(calls()).toBe(extracted);
    expect(stamp()).toEqual(before);
    changed().forEach((ctime, i) => expect(ctime).toBeGreaterThan(changedBefore[i]!));

    // One rendition lost: the next ingest of the photo makes it again (and only it is new).
    rmSync(path.join(dataDir, first.derivatives[1280]));
    const third = await ingestImage({ dataDir, bytes: png });
    await publishRenditions(dataDir, [third]);
    expect(calls()).toBe(extracted + 1);
    const after = stamp();
    expect(after[2]).not.toBeNull();
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(listFiles(dataDir)).toEqual([first.storageKey, ...renditions].sort());
  });

  it("publishes nothing for an ingest that is never published, and readDerivative answers null without an original", async () => {
    const dataDir = freshDataDir();
    const png = await generateCeramicImage(14, "blue-and-white");
    const r = await ingestImage({ dataDir, bytes: png });
    await removeIngested(dataDir, r); // the caller's transaction failed
    expect(listFiles(dataDir)).toEqual([]);
    expect(await readDerivative(dataDir, r.sha256, 1280)).toBeNull();
    expect(listFiles(dataDir)).toEqual([]);
  });

  it("keeps colour for non-sRGB photos (Display P3 goes through the colour-managed path)", async () => {
    const dataDir = freshDataDir();
    const p3 = await sharp(await generateCeramicImage(13, "famille-rose"))
      .withIccProfile("p3")
      .jpeg()
      .toBuffer();
    const r = await ingestImage({ dataDir, bytes: p3 });
    await publishRenditions(dataDir, [r]);
    const meta = await sharp(readFileSync(path.join(dataDir, r.derivatives[320]))).metadata();
    expect(meta.icc).toBeUndefined();
    expect(r.mime).toBe("image/jpeg");
  });

  describe.skipIf(!existsSync(EXIF))("EXIF orientation (../shared/fixtures/photos/exif-orientation)", () => {
    it.each([1, 2, 3, 4, 5, 6, 7, 8])("Landscape_%i: derivatives upright, hashes of the stored pixels", async (n) => {
      const file = path.join(EXIF, `Landscape_${n}.jpg`);
      const bytes = readFileSync(file);
      const dataDir = freshDataDir();
      const r = await ingestImage({ dataDir, bytes });
      expect({ width: r.width, height: r.height }).toEqual({ width: 1800, height: 1200 });

      // Published from the ingest's pixels, and made from the original on request (a second
      // data dir that has only the original, as after a crash before publishing).
      await publishRenditions(dataDir, [r]);
      const lazyDir = freshDataDir();
      await ingestImage({ dataDir: lazyDir, bytes }); // never published
      expect(existsSync(path.join(lazyDir, r.derivatives[320]))).toBe(false);
      const lazy = await readDerivative(lazyDir, r.sha256, 320);
      expect(lazy).not.toBeNull();
      expect(readFileSync(path.join(lazyDir, r.derivatives[320])).equals(lazy!)).toBe(true); // kept
      expect(existsSync(path.join(lazyDir, r.derivatives[1280]))).toBe(true);
      const upright = await sharp(file).rotate().resize(320, 320, { fit: "inside" }).raw().toBuffer();
      for (const webp of [readFileSync(path.join(dataDir, r.derivatives[320])), lazy!]) {
        const meta = await sharp(webp).metadata();
        expect(meta.exif).toBeUndefined();
        expect(meta.icc).toBeUndefined();
        const ours = await sharp(webp).raw().toBuffer({ resolveWithObject: true });
        expect({ w: ours.info.width, h: ours.info.height }).toEqual({ w: 320, h: 213 });
        let diff = 0;
        for (let i = 0; i < upright.length; i++) diff += Math.abs(upright[i] - ours.data[i]);
        expect(diff / upright.length).toBeLessThan(6); // a wrong orientation is ~40-60
      }

      // PDQ follows the reference (no auto-rotation); the dihedral set still finds the upright photo.
      const uprightHash = await hashImage(await sharp(file).rotate().jpeg({ quality: 95 }).toBuffer());
      const best = Math.min(...r.pdqDihedral.map((h) => hammingHexLocal(h, uprightHash.pdq)));
      expect(best).toBeLessThanOrEqual(31);
    });
  });
});

function hammingHexLocal(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i], 16) ^ parseInt(b[i], 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}
