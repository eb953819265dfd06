// @ts-check
/**
 * Piscina worker of the imaging pool (imaging-pool.server.ts): decodes and hashes photos off the
 * request thread. Plain JavaScript so the same file starts under vitest, tsx and the production
 * server; it loads the TypeScript analysis code through tsx's loader (registered here, for this
 * thread only), so the worker runs exactly the code the tests cover.
 *
 * A refusal (DomainError) is returned as data, not thrown: errors crossing a thread lose their
 * fields (code, messageKey, params), and the caller must answer with the right 4xx.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: path.resolve(process.cwd(), "tsconfig.json") });

const here = path.dirname(new URL(import.meta.url).pathname);
const { analyseInThisThread } = await import(pathToFileURL(path.join(here, "analyse-image.server.ts")).href);

/**
 * The display rendition is posted on `displayPort` when it is ready, after the hashes were
 * answered (the caller does not wait for it).
 * @param {{ task: "analyse"; bytes: Uint8Array; options: { display: boolean; storeIn?: string }; displayPort?: import("node:worker_threads").MessagePort } | { task: "ping" }} msg
 */
export default async function run(msg) {
  if (msg.task === "ping") return { ok: true, value: "pong" };
  if (msg.task !== "analyse") throw new Error(`unknown imaging task ${String(/** @type {any} */ (msg).task)}`);
  const port = msg.displayPort;
  try {
    const r = await analyseInThisThread(msg.bytes, msg.options);
    if (port) {
      if (!r.display) port.close();
      else
        r.display.then(
          (d) => {
            const data = new Uint8Array(d.data); // a plain copy: sharp's buffers cannot be transferred
            port.postMessage({ ok: true, display: { data, width: d.width, height: d.height, channels: d.channels } }, [data.buffer]);
            port.close();
          },
          (e) => {
            port.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
            port.close();
          },
        );
    }
    return { ok: true, value: { hashes: r.hashes, created: r.created, display: r.display !== null } };
  } catch (e) {
    port?.close();
    const err = /** @type {any} */ (e);
    if (err && err.name === "DomainError" && typeof err.code === "string") {
      return { ok: false, error: { code: err.code, messageKey: err.messageKey, params: err.params } };
    }
    throw e;
  }
}
