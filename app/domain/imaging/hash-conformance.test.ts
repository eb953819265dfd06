/**
 * Conformance of our PDQ and pHash with the published reference values
 * (../shared/fixtures/pdq and ../shared/fixtures/imagehash, see their README.txt).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hammingHex } from "./hamming";
import { hashImage } from "./hash-image.server";
import { DIHEDRAL_NAMES } from "./pdq";

const FIXTURES = path.resolve(process.cwd(), "../shared/fixtures");
const PDQ = path.join(FIXTURES, "pdq");
const IMAGEHASH = path.join(FIXTURES, "imagehash");
if (!existsSync(FIXTURES)) console.warn(`hash conformance tests skipped: ${FIXTURES} is absent (shared reference fixtures not installed)`);

function csv(file: string): string[][] {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","));
}

const hashCache = new Map<string, ReturnType<typeof hashImage>>();
function hashFixture(rel: string) {
  if (!hashCache.has(rel)) hashCache.set(rel, hashImage(readFileSync(path.join(PDQ, "pdq/data", rel))));
  return hashCache.get(rel)!;
}

describe.skipIf(!existsSync(PDQ))("PDQ vs Meta's C++ reference (512x512 nearest-neighbour pipeline)", () => {
  const rows = existsSync(PDQ)
    ? csv(path.join(PDQ, "expected/pdq-expected-hashes.csv")).filter(([, , , pipeline]) => pipeline === "wasm(cpp)" || pipeline === "cpp-cli-512NN")
    : [];

  it("has the rows this test is about", () => {
    expect(rows.length).toBeGreaterThanOrEqual(24);
  });

  it.each(rows.map((r) => [r[0], r[1], r[3]]))("%s (%s, %s) within 2 bits", async (rel, expected) => {
    const h = await hashFixture(rel);
    expect(h.pdq).toMatch(/^[0-9a-f]{64}$/);
    expect(hammingHex(h.pdq, expected)).toBeLessThanOrEqual(2);
  });

  it("reports quality like the reference (weak for a tiny flat image)", async () => {
    expect((await hashFixture("misc-images/small.jpg")).pdqQuality).toBe(0);
    expect((await hashFixture("bridge-mods/aaa-orig.jpg")).pdqQuality).toBe(100);
  });
});

describe.skipIf(!existsSync(PDQ))("PDQ dihedral variants", () => {
  const expected = existsSync(PDQ)
    ? new Map(
        csv(path.join(PDQ, "expected/pdq-expected-hashes.csv"))
          .filter(([, , , pipeline]) => pipeline === "cpp-cli-512NN --pdqdih-across")
          .map(([rel, hex]) => [rel.split("#dihedral-")[1], hex]),
      )
    : new Map<string, string>();
  const distances = existsSync(PDQ) ? csv(path.join(PDQ, "expected/pdq-expected-distances.csv")) : [];
  const rotatedFiles: Record<string, string> = {
    rotate90: "bridge-2-rotate-90.jpg",
    rotate180: "bridge-3-rotate-180.jpg",
    rotate270: "bridge-4-rotate-270.jpg",
    flipX: "bridge-5-flipx.jpg",
    flipY: "bridge-6-flipy.jpg",
    flipPlus1: "bridge-7-flip-plus-1.jpg",
    flipMinus1: "bridge-8-flip-minus-1.jpg",
  };

  it("reproduces the reference's --pdqdih-across hashes, index 0 = original", async () => {
    const h = await hashFixture("reg-test-input/dih/bridge-1-original.jpg");
    expect(h.pdqDihedral).toHaveLength(8);
    expect(h.pdqDihedral[0]).toBe(h.pdq);
    DIHEDRAL_NAMES.forEach((name, i) => {
      expect(hammingHex(h.pdqDihedral[i], expected.get(name)!), name).toBeLessThanOrEqual(2);
    });
  });

  it.each(Object.entries(rotatedFiles))("the %s variant of the original matches the really transformed file %s", async (name, file) => {
    const original = await hashFixture("reg-test-input/dih/bridge-1-original.jpg");
    const transformed = await hashFixture(`reg-test-input/dih/${file}`);
    const variant = original.pdqDihedral[DIHEDRAL_NAMES.indexOf(name as (typeof DIHEDRAL_NAMES)[number])];
    const published = distances.find(([a, b]) => a === `reg-test-input/dih/bridge-1-original.jpg#dihedral-${name}` && b === `reg-test-input/dih/${file}`);
    expect(published, "published distance row").toBeDefined();
    const d = hammingHex(variant, transformed.pdq);
    expect(Math.abs(d - Number(published![2]))).toBeLessThanOrEqual(2);
    expect(d).toBeLessThanOrEqual(31);
    // Without the dihedral search, the rotated file does not match the original.
    expect(hammingHex(original.pdq, transformed.pdq)).toBeGreaterThan(80);
  });
});

describe.skipIf(!existsSync(IMAGEHASH))("pHash vs the Python imagehash library", () => {
  const rows = existsSync(IMAGEHASH) ? csv(path.join(IMAGEHASH, "expected-hashes.csv")).filter(([, algorithm]) => algorithm === "phash") : [];

  it.each(rows.map((r) => [r[0], r[3]]))("%s pHash within 6 bits of %s", async (rel, expected) => {
    const h = await hashImage(readFileSync(path.join(IMAGEHASH, rel)));
    expect(h.phash).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingHex(h.phash, expected)).toBeLessThanOrEqual(6);
  });

  it("has at least one pHash reference", () => {
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });
});
