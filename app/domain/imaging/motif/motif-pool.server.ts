/**
 * The OpenCV worker pool: at most two worker threads (each holds a ~128 MB WebAssembly heap), so
 * feature extraction and verification never run on the request thread. One pool per process,
 * on globalThis so the server and the Remix build (separate module graphs) share it.
 *
 * A task that fails inside OpenCV (out of memory, an OpenCV exception, a crashed worker) becomes
 * DomainError UNAVAILABLE "motif.error.unavailable" (HTTP 503); the worker that failed is replaced
 * and the next task runs normally.
 */
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { DomainError } from "~/domain/errors";
import { addCpu, type CpuProfile } from "~/utils/thread-cpu.server";

const g = globalThis as unknown as { __kilnmarkMotifPool?: Piscina };

/** The worker is plain JavaScript beside this file; in the Remix build this file is bundled elsewhere. */
function motifWorkerPath(): string {
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL("./motif-worker.mjs", import.meta.url)));
  } catch {
    /* bundled: import.meta.url may not be a file URL */
  }
  candidates.push(path.resolve(process.cwd(), "app/domain/imaging/motif/motif-worker.mjs"));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`motif worker not found (looked in ${candidates.join(", ")})`);
  return found;
}

export function motifPoolSize(): number {
  const fromEnv = Number(process.env.MOTIF_WORKERS);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return Math.min(fromEnv, 4);
  return Math.max(1, Math.min(2, cpus().length));
}

export function getMotifPool(): Piscina {
  if (!g.__kilnmarkMotifPool) {
    g.__kilnmarkMotifPool = new Piscina({
      filename: motifWorkerPath(),
      minThreads: 0,
      maxThreads: motifPoolSize(),
      idleTimeout: 60_000,
      // Enough for bursts; beyond that callers get 503 rather than unbounded memory.
      maxQueue: 256,
      // Plain JS worker: do not inherit loaders (tsx, vitest) meant for TypeScript.
      execArgv: [],
    });
  }
  return g.__kilnmarkMotifPool;
}

/** Thread ids of the workers running now (benchmarks check that a timed run started none). */
export function motifWorkerIds(): number[] {
  return g.__kilnmarkMotifPool?.threads.map((t) => t.threadId) ?? [];
}

export async function closeMotifPool(): Promise<void> {
  const pool = g.__kilnmarkMotifPool;
  g.__kilnmarkMotifPool = undefined;
  if (pool) await pool.destroy();
}

type MotifTask =
  | {
      task: "extract";
      grey: Uint8Array;
      width: number;
      height: number;
      sourceWidth: number;
      sourceHeight: number;
      maxFeatures?: number;
      thumbEdge?: number;
      words?: boolean;
      profile?: boolean;
    }
  | {
      task: "verify";
      query: Uint8Array[];
      candidates: { id: string; features: Uint8Array }[];
      ratio?: number;
      maxLines?: number;
      photoMinScore?: number;
      profile?: boolean;
    }
  | { task: "exhaust" }
  | { task: "ping" };

/**
 * Runs a task on the pool; any engine failure is DomainError UNAVAILABLE. With `cpu`, the task is
 * profiled: the worker's CPU time per stage (ms) is added to it under `prefix`. Buffers in
 * `transferList` move to the worker (no copy) and are unusable here afterwards.
 */
export async function runMotifTask<T>(task: MotifTask, cpu?: CpuProfile, prefix = "", transferList?: ArrayBuffer[]): Promise<T> {
  try {
    const options = transferList?.length ? { transferList } : {};
    if (!cpu) return (await getMotifPool().run(task, options)) as T;
    const out = (await getMotifPool().run({ ...task, profile: true }, options)) as { result: T; cpu: Record<string, number> };
    addCpu(cpu, out.cpu, prefix);
    return out.result;
  } catch (e) {
    console.error(`[motif] ${task.task} failed:`, e instanceof Error ? e.message : e);
    throw new DomainError("UNAVAILABLE", "motif.error.unavailable");
  }
}
