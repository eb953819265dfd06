import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { hashImage } from "~/domain/imaging/hash-image.server";

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), "kilnmark-hash-image-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...files: string[]): Promise<{ code: number; lines: Record<string, unknown>[] }> {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/hash-image.ts", ...files]);
    return {
      code: 0,
      lines: stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return {
      code: err.code,
      lines: err.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    };
  }
}

describe("scripts/hash-image.ts", () => {
  it("prints one JSON line per file and exits 0 when all are hashed", async () => {
    const png = await generateCeramicImage(5, "blue-and-white");
    const file = path.join(dir, "work.png");
    writeFileSync(file, png);
    const h = await hashImage(png);
    const { code, lines } = await cli(file);
    expect(code).toBe(0);
    expect(lines).toEqual([{ file, sha256: h.sha256, pdq: h.pdq, pdqQuality: h.pdqQuality, phash: h.phash, width: 960, height: 960 }]);
  }, 60_000);

  it("reports refused files with the English message and exits 1", async () => {
    const good = path.join(dir, "ok.png");
    writeFileSync(good, await generateCeramicImage(6, "famille-rose"));
    const bad = path.join(dir, "page.jpg");
    writeFileSync(bad, "<!DOCTYPE html><html></html>");
    const { code, lines } = await cli(bad, good);
    expect(code).toBe(1);
    expect(lines[0]).toEqual({ file: bad, error: "This file is not an accepted image. Upload a JPEG, PNG, WebP, AVIF or TIFF photo." });
    expect(lines[1]).toMatchObject({ file: good, pdq: expect.stringMatching(/^[0-9a-f]{64}$/) });
  }, 60_000);
});
