/** Types of hamming-kernel.mjs (plain JavaScript, loaded by the worker without a build step). */
export type HammingKernel = {
  /** running 2-NN over the descriptors at byte offsets [start, end): see hamming-kernel.mjs */
  scan(q: number, start: number, end: number, state: number): number;
  /** the k distances from descriptor q to those at `centres`, as i32 at `out` */
  dists(q: number, centres: number, k: number, out: number): void;
  reserve(bytes: number): void;
  bytes(): Uint8Array;
  int32(): Int32Array;
};
export function hammingModuleBytes(): Uint8Array;
export function createHammingKernel(): HammingKernel;
