/**
 * The imaging worker pool: decoding, hashing (SHA-256, PDQ, pHash) and the display rendition of
 * uploaded photos run on worker threads, one photo per worker at a time, at most one worker per
 * core. One pool per process (on globalThis, so the server and the Remix build share it): web
 * uploads, /verify and the bulk catalog import all queue here, so a bulk import keeps the event
 * loop free for page requests, and peak memory is bounded (a 60-megapixel decode is 240 MB).
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { DomainError, type ErrorCode } from "~/domain/errors";
import type { AnalyseOptions, Analysed, DisplayPixels } from "./analyse-image.server";

const g = globalThis as unknown as { __kilnmarkImagingPool?: Piscina };

function workerPath(): string {
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL("./imaging-worker.mjs", import.meta.url)));
  } catch {
    /* bundled: import.meta.url may not be a file URL */
  }
  candidates.push(path.resolve(process.cwd(), "app/domain/imaging/imaging-worker.mjs"));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`imaging worker not found (looked in ${candidates.join(", ")})`);
  return found;
}

/** Workers in the pool: IMAGING_WORKERS, or one per core (at most 8). */
export function imagingPoolSize(): number {
  const fromEnv = Number(process.env.IMAGING_WORKERS);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return Math.min(fromEnv, 16);
  return Math.max(1, Math.min(8, availableParallelism()));
}

function getImagingPool(): Piscina {
  if (!g.__kilnmarkImagingPool) {
    const size = imagingPoolSize();
    g.__kilnmarkImagingPool = new Piscina({
      filename: workerPath(),
      minThreads: 0,
      maxThreads: size,
      idleTimeout: 60_000,
      // Bursts queue; beyond this, uploads get 503 rather than unbounded memory.
      maxQueue: 512,
      // A worker keeps working after answering (the display rendition is posted later): it must
      // not block in Atomics.wait between tasks, as piscina's default "sync" mode does.
      atomics: "disabled",
      // Plain JS worker: loaders meant for the parent (vitest) are not inherited; it registers tsx itself.
      execArgv: [],
    });
  }
  return g.__kilnmarkImagingPool;
}

/** Thread ids of the workers running now (benchmarks check that a timed run started none). */
export function imagingWorkerIds(): number[] {
  return g.__kilnmarkImagingPool?.threads.map((t) => t.threadId) ?? [];
}

export async function closeImagingPool(): Promise<void> {
  const pool = g.__kilnmarkImagingPool;
  g.__kilnmarkImagingPool = undefined;
  if (pool) await pool.destroy();
}

type WorkerAnswer<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; messageKey: string; params: Record<string, string | number> } };

type ImagingTask = { task: "analyse"; bytes: Uint8Array; options: AnalyseOptions };

/** Runs one analysis on the pool; a refusal comes back as the DomainError the worker raised. */
export async function runImagingTask(task: ImagingTask): Promise<Analysed> {
  const channel = task.options.display ? new MessageChannel() : null;
  let display: Promise<DisplayPixels> | null = null;
  if (channel) {
    const port = channel.port1;
    display = new Promise<DisplayPixels>((resolve, reject) => {
      port.on("message", (m: { ok: true; display: Omit<DisplayPixels, "data"> & { data: Uint8Array } } | { ok: false; message: string }) => {
        port.close();
        if (!m.ok) return reject(new Error(`display rendition failed: ${m.message}`));
        const d = m.display;
        resolve({ ...d, data: Buffer.from(d.data.buffer, d.data.byteOffset, d.data.byteLength) });
      });
      port.once("close", () => reject(new Error("display rendition not made")));
    });
    display.catch(() => {}); // observed by whoever publishes it
  }
  let answer: WorkerAnswer<{ hashes: Analysed["hashes"]; created: string[]; display: boolean }>;
  try {
    answer = channel
      ? await getImagingPool().run({ ...task, displayPort: channel.port2 }, { transferList: [channel.port2] })
      : await getImagingPool().run(task);
  } catch (e) {
    channel?.port1.close();
    if (e instanceof Error && /queue is at limit/i.test(e.message)) throw new DomainError("UNAVAILABLE", "imaging.error.busy");
    throw e;
  }
  if (!answer.ok) {
    channel?.port1.close();
    throw new DomainError(answer.error.code, answer.error.messageKey, answer.error.params);
  }
  if (!answer.value.display) {
    channel?.port1.close(); // none made: the renditions are stored already
    display = null;
  }
  return { hashes: answer.value.hashes, created: answer.value.created, display };
}
