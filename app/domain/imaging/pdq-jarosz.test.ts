import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jaroszFilter, pdqDihedralFromLuma } from "./pdq";

/**
 * The Jarosz filter as the C++ reference writes it (and as pdq.ts did before its column pass
 * went row by row): box1D along every row, then down every column, one column at a time.
 * The fast version must give the same float32 bits, so every PDQ hash stays the same.
 */
const f = Math.fround;
function referenceBox1D(input: Float32Array, output: Float32Array, start: number, length: number, stride: number, window: number): void {
  const half = Math.trunc((window + 2) / 2);
  const phase1 = half - 1;
  const phase2 = window - half + 1;
  const phase3 = length - window;
  const phase4 = half - 1;
  let li = start;
  let ri = start;
  let oi = start;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < phase1; i++) {
    sum = f(sum + input[ri]);
    n++;
    ri += stride;
  }
  for (let i = 0; i < phase2; i++) {
    sum = f(sum + input[ri]);
    n++;
    output[oi] = sum / n;
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < phase3; i++) {
    sum = f(sum + input[ri]);
    sum = f(sum - input[li]);
    output[oi] = sum / n;
    li += stride;
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < phase4; i++) {
    sum = f(sum - input[li]);
    n--;
    output[oi] = sum / n;
    li += stride;
    oi += stride;
  }
}
function referenceJarosz(buf1: Float32Array, buf2: Float32Array, rows: number, cols: number): void {
  const win = (oldDim: number) => Math.trunc((oldDim + 2 * 64 - 1) / (2 * 64));
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < rows; i++) referenceBox1D(buf1, buf2, i * cols, cols, 1, win(cols));
    for (let j = 0; j < cols; j++) referenceBox1D(buf2, buf1, j, rows, cols, win(rows));
  }
}

function run(filter: typeof jaroszFilter, luma: Float32Array, rows: number, cols: number): Float32Array {
  const buf1 = Float32Array.from(luma);
  filter(buf1, new Float32Array(buf1.length), rows, cols);
  return buf1;
}

/** Index of the first value whose float32 bits differ, or -1 (a cheap failure, unlike a 90,000-element diff). */
function firstDifference(a: Float32Array, b: Float32Array): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  if (x.length !== y.length) return 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

describe("PDQ Jarosz filter (row-wise column pass)", () => {
  it("property: gives the reference's float32 bits for any size and content", () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 300 }), fc.integer({ min: 5, max: 300 }), fc.integer(), (rows, cols, seed) => {
        let s = seed >>> 0;
        const luma = new Float32Array(rows * cols).map(() => {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          return f((s >>> 8) / 65793); // 0..255 with fractions, like weighted luma
        });
        expect(firstDifference(run(jaroszFilter, luma, rows, cols), run(referenceJarosz, luma, rows, cols))).toBe(-1);
      }),
      { numRuns: 60 },
    );
  });

  it("gives the reference's bits on a 512 x 512 image (the CLI's pre-resize), so the hashes agree", () => {
    const luma = new Float32Array(512 * 512).map((_, i) => f(((i * 2654435761) >>> 24) * 0.997 + (i % 512) * 0.25));
    expect(firstDifference(run(jaroszFilter, luma, 512, 512), run(referenceJarosz, luma, 512, 512))).toBe(-1);
    const a = pdqDihedralFromLuma({ luma, width: 512, height: 512 });
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
