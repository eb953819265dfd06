import { readFileSync } from "node:fs";

/**
 * CPU time of the calling thread in ms: on Linux the first field of /proc/thread-self/schedstat
 * (nanoseconds spent on a CPU), elsewhere wall time. On a busy machine wall time includes the
 * time the thread waited for a core; this does not. For profiling (benchmarks), not for logic.
 */
export function threadCpuMs(): number {
  try {
    return Number(readFileSync("/proc/thread-self/schedstat", "latin1").split(" ")[0]) / 1e6;
  } catch {
    return performance.now();
  }
}

/** Stage name -> CPU ms, summed over the threads that reported it. */
export type CpuProfile = Record<string, number>;

export function addCpu(into: CpuProfile | undefined, from: Readonly<Record<string, number>>, prefix = ""): void {
  if (!into) return;
  for (const [k, v] of Object.entries(from)) into[prefix + k] = (into[prefix + k] ?? 0) + v;
}
