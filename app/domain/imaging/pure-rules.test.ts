import { describe, expect, it } from "vitest";
import { hammingHex, isWeakPdq, minHammingHex, PDQ_WEAK_QUALITY, pdqHexToWords, popcount32, wordsToPdqHex } from "./hamming";
import { isSrgbProfile } from "./icc-profile";
import { BODY_LIMITS } from "~/utils/request-body.server";
import { MAX_IMAGE_BYTES, sniffImageKind } from "./image-type";
import { phashFromGrey32, pillowLuma } from "./phash";

describe("hamming helpers", () => {
  it("counts differing bits of hex hashes", () => {
    expect(hammingHex("0f", "00")).toBe(4);
    expect(hammingHex("ffff", "0000")).toBe(16);
    expect(hammingHex("a".repeat(64), "a".repeat(64))).toBe(0);
    expect(minHammingHex("00", ["ff", "01", "03"])).toBe(1);
    expect(() => hammingHex("00", "000")).toThrow(RangeError);
    expect(popcount32(0xffffffff)).toBe(32);
    const h = "0123456789abcdef".repeat(4);
    expect(wordsToPdqHex(pdqHexToWords(h))).toBe(h);
  });

  it("calls quality below 50 weak", () => {
    expect(PDQ_WEAK_QUALITY).toBe(50);
    expect(isWeakPdq(49)).toBe(true);
    expect(isWeakPdq(50)).toBe(false);
  });
});

describe("upload limits", () => {
  it("a multipart file without its own cap may be as large as the largest image the registry takes", () => {
    expect(BODY_LIMITS.file).toBe(MAX_IMAGE_BYTES);
  });
});

describe("sniffImageKind", () => {
  const b = (...x: (number | string)[]) => Uint8Array.from(x.flatMap((v) => (typeof v === "string" ? [...v].map((c) => c.charCodeAt(0)) : [v])));
  it("recognises accepted formats by their magic bytes only", () => {
    expect(sniffImageKind(b(0xff, 0xd8, 0xff, 0xe0))).toBe("jpeg");
    expect(sniffImageKind(b(0x89, "PNG", 0x0d, 0x0a, 0x1a, 0x0a))).toBe("png");
    expect(sniffImageKind(b("RIFF", 0, 0, 0, 0, "WEBP"))).toBe("webp");
    expect(sniffImageKind(b("II", 0x2a, 0))).toBe("tiff");
    expect(sniffImageKind(b("MM", 0, 0x2a))).toBe("tiff");
    expect(sniffImageKind(b(0, 0, 0, 0x1c, "ftypavif", 0, 0, 0, 0, "avifmif1miaf"))).toBe("avif");
    expect(sniffImageKind(b(0, 0, 0, 0x18, "ftypheic", 0, 0, 0, 0, "mif1heic"))).toBeNull();
    expect(sniffImageKind(b(0, 0, 0, 0x18, "ftypavis", 0, 0, 0, 0, "avifavis"))).toBeNull();
    expect(sniffImageKind(b("GIF89a"))).toBeNull();
    expect(sniffImageKind(b("<svg"))).toBeNull();
    expect(sniffImageKind(new Uint8Array())).toBeNull();
  });
});

describe("pHash core", () => {
  it("uses Pillow's L formula", () => {
    expect(pillowLuma(255, 255, 255)).toBe(255);
    expect(pillowLuma(255, 0, 0)).toBe(76);
    expect(pillowLuma(0, 255, 0)).toBe(150);
    expect(pillowLuma(0, 0, 255)).toBe(29);
  });
  it("sets the bits of low-frequency coefficients above the median, row-major", () => {
    // Left half dark, right half bright: energy in the horizontal frequencies of row 0.
    const grey = Array.from({ length: 1024 }, (_, i) => (i % 32 < 16 ? 0 : 255));
    const hash = phashFromGrey32(grey);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(phashFromGrey32(grey.map((v) => v / 2))).toBe(hash); // scale-invariant
    expect(phashFromGrey32(Array.from({ length: 1024 }, (_, i) => (Math.floor(i / 32) < 16 ? 0 : 255)))).not.toBe(hash);
  });
});

describe("isSrgbProfile", () => {
  it("treats a missing profile as sRGB and garbage as not", () => {
    expect(isSrgbProfile(undefined)).toBe(true);
    expect(isSrgbProfile(new Uint8Array(200))).toBe(false);
  });
});
