/**
 * The refused-upload corpus of the registry issue: files an image endpoint must answer with a
 * 4xx, storing nothing. `good` gives any valid image (read lazily: used for the truncated and
 * oversize ones).
 */
import sharp from "sharp";
import { MAX_IMAGE_BYTES } from "~/domain/imaging/image-type";

export function badUploadCorpus(good: () => Buffer | Promise<Buffer>): Record<string, () => Promise<Buffer>> {
  const twoFrames = () =>
    Promise.all(
      ["red", "blue"].map((c) =>
        sharp({ create: { width: 64, height: 64, channels: 3, background: c } })
          .png()
          .toBuffer(),
      ),
    );
  return {
    SVG: async () => Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="900" height="900"><script>alert(1)</script></svg>'),
    "HTML renamed .jpg": async () => Buffer.from("<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"),
    empty: async () => Buffer.alloc(0),
    "truncated JPEG": async () => {
      const jpg = await sharp(await good())
        .jpeg({ quality: 90 })
        .toBuffer();
      return jpg.subarray(0, Math.floor(jpg.length * 0.6));
    },
    "20000×20000 PNG bomb": async () => {
      const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: "white" } })
        .png()
        .toBuffer();
      return sharp(tiny).resize(20000, 20000, { kernel: "nearest" }).toColourspace("b-w").png({ compressionLevel: 9 }).toBuffer();
    },
    "animated GIF": async () =>
      sharp(await twoFrames(), { join: { animated: true } })
        .gif()
        .toBuffer(),
    "animated WebP": async () =>
      sharp(await twoFrames(), { join: { animated: true } })
        .webp()
        .toBuffer(),
    "over 25 MB": async () => {
      const big = Buffer.alloc(MAX_IMAGE_BYTES + 1);
      (
        await sharp(await good())
          .jpeg()
          .toBuffer()
      ).copy(big);
      return big;
    },
  };
}
