import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { generateCeramicImage, nearDuplicateOf, type CeramicStyle } from "./generate-demo-image.server";
import { hammingHex, PDQ_MATCH_THRESHOLD } from "./hamming";
import { hashImage } from "./hash-image.server";

describe("generateCeramicImage", () => {
  it("draws distinct PNGs (>= 800 px) whose near-duplicates still match", async () => {
    const styles: CeramicStyle[] = ["blue-and-white", "famille-rose"];
    const works = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const png = await generateCeramicImage(i + 1, styles[i % 2]);
        return { png, hash: await hashImage(png) };
      }),
    );
    for (const { png, hash } of works) {
      const meta = await sharp(png).metadata();
      expect(meta.format).toBe("png");
      expect(Math.min(meta.width!, meta.height!)).toBeGreaterThanOrEqual(800);
      expect(hash.pdqQuality).toBeGreaterThanOrEqual(50);
      const copy = await hashImage(await nearDuplicateOf(png));
      expect(copy.mime).toBe("image/jpeg");
      expect(hammingHex(hash.pdq, copy.pdq)).toBeLessThanOrEqual(PDQ_MATCH_THRESHOLD);
    }
    let min = 256;
    for (let a = 0; a < works.length; a++) {
      for (let b = a + 1; b < works.length; b++) min = Math.min(min, hammingHex(works[a].hash.pdq, works[b].hash.pdq));
    }
    expect(min).toBeGreaterThanOrEqual(80);
  });

  it("is deterministic per seed and style", async () => {
    const a = await hashImage(await generateCeramicImage(7, "famille-rose"));
    const b = await hashImage(await generateCeramicImage(7, "famille-rose"));
    const c = await hashImage(await generateCeramicImage(7, "blue-and-white"));
    expect(a.pdq).toBe(b.pdq);
    expect(hammingHex(a.pdq, c.pdq)).toBeGreaterThanOrEqual(80);
  });
});
