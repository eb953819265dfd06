/**
 * PDQ robustness on a real photograph (Kodak set, ../shared/fixtures/photos/kodak): everyday
 * edits of the same photo stay within the match threshold, unrelated photos stay far apart.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { hammingHex, PDQ_MATCH_THRESHOLD } from "./hamming";
import { hashImage } from "./hash-image.server";

const KODAK = path.resolve(process.cwd(), "../shared/fixtures/photos/kodak");
if (!existsSync(KODAK)) console.warn(`robustness tests skipped: ${KODAK} is absent (shared photo fixtures not installed)`);

const photo = (n: number) => readFileSync(path.join(KODAK, `kodim${String(n).padStart(2, "0")}.png`));

describe.skipIf(!existsSync(KODAK))("PDQ robustness on kodim23 (768x512 photo)", () => {
  const original = () => photo(23);

  const edits: Record<string, (png: Buffer) => Promise<Buffer>> = {
    "JPEG quality 50": (png) => sharp(png).jpeg({ quality: 50 }).toBuffer(),
    "resized to 50%": (png) => sharp(png).resize(384).png().toBuffer(),
    "Gaussian blur sigma 2": (png) => sharp(png).blur(2).png().toBuffer(),
    greyscale: (png) => sharp(png).greyscale().png().toBuffer(),
    "text watermark": async (png) => {
      const svg = Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="768" height="512">` +
          `<text x="384" y="300" font-size="96" font-family="sans-serif" text-anchor="middle" ` +
          `fill="white" fill-opacity="0.6" stroke="black" stroke-opacity="0.4">© COPY 2026</text></svg>`,
      );
      return sharp(png)
        .composite([{ input: svg }])
        .png()
        .toBuffer();
    },
  };

  it.each(Object.keys(edits))("%s stays within the match threshold", async (name) => {
    const base = await hashImage(original());
    const edited = await hashImage(await edits[name](original()));
    const d = hammingHex(base.pdq, edited.pdq);
    expect(d).toBeLessThanOrEqual(PDQ_MATCH_THRESHOLD);
    // The edit really changed the file (not a vacuous comparison).
    expect(edited.sha256).not.toBe(base.sha256);
  });

  it("unrelated photos are at least 80 bits apart", async () => {
    const hashes = await Promise.all([1, 3, 5, 8, 13, 17, 20, 23].map(async (n) => (await hashImage(photo(n))).pdq));
    for (let a = 0; a < hashes.length; a++) {
      for (let b = a + 1; b < hashes.length; b++) expect(hammingHex(hashes[a], hashes[b])).toBeGreaterThanOrEqual(80);
    }
  });
});
