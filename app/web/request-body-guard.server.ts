/**
 * Defence in depth for request bodies, in front of Remix (express middleware, see server.ts).
 * The routes enforce their own, tighter caps while they read (request-body.server.ts); this guard
 * holds for every path, including ones that never read their body:
 *  - a declared Content-Length over the path's cap is answered 413 at once, unread;
 *  - a body (chunked or not) that streams past the cap stops being passed on and is answered 413;
 *  - any response sent before the body was read to the end closes the connection, so an
 *    unread upload is neither buffered nor waited for on a kept-alive socket;
 *  - it closes it gently ("lingering close", as web servers do): the answer goes out at once, then
 *    what the client still sends is read and dropped until it stops (a pause of LINGER_IDLE_MS,
 *    the end of its body, at most LINGER_MAX_MS or LINGER_MAX_BYTES), and only then is the
 *    connection closed. Closing with unread bytes makes the kernel reset the connection, and a
 *    client still sending (a browser uploading a photo that is too large) may see the reset before
 *    the answer: "connection reset" instead of the message saying what the limit is.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_EVIDENCE_FILES } from "~/domain/cases/forms";
import { MAX_IMAGE_BYTES } from "~/domain/imaging/image-type";
import { MAX_VIEWS } from "~/domain/registry/forms";
import { MAX_SLIP_BYTES } from "~/domain/payments/slip-rules";
import { localeFromAcceptLanguage, translate } from "~/utils/i18n";
import { formatBytes } from "~/utils/request-body.server";

const MB = 1024 * 1024;
/** Slack over each route's own cap: the route must be the one to refuse, with its own message. */
const SLACK = 4 * MB;

/** Paths that take uploads, with the largest body their route accepts (plus slack). */
const UPLOAD_CAPS: [RegExp, number][] = [
  [/^\/works\/new\/?$/, MAX_VIEWS * MAX_IMAGE_BYTES + 2 * MB + SLACK],
  [/^\/my\/works\/[^/]+\/edit\/?$/, MAX_VIEWS * MAX_IMAGE_BYTES + 2 * MB + SLACK],
  [/^\/my\/import\/?$/, 500 * MB + SLACK],
  [/^\/cases\/[^/]+\/?$/, (MAX_EVIDENCE_FILES + 1) * MAX_IMAGE_BYTES + 2 * MB + SLACK],
  [/^\/verify\/?$/, MAX_IMAGE_BYTES + 2 * MB + SLACK],
  [/^\/api\/v1\/match\/?$/, MAX_IMAGE_BYTES + 2 * MB + SLACK],
  // "I have paid" with a transfer slip.
  [/^\/deals\/[^/]+\/?$/, MAX_SLIP_BYTES + 1 * MB + SLACK],
];
/** Lingering close after an early answer (see above). */
export const LINGER_IDLE_MS = 250;
export const LINGER_MAX_MS = 2_000;
export const LINGER_MAX_BYTES = 64 * MB;

/** Everything else reads at most a 1 MB form, JSON or webhook body (or nothing). */
export const DEFAULT_BODY_CAP = 1 * MB + SLACK;

export function bodyCapFor(pathname: string): number {
  for (const [re, cap] of UPLOAD_CAPS) if (re.test(pathname)) return cap;
  return DEFAULT_BODY_CAP;
}

function refuse(req: IncomingMessage, res: ServerResponse, cap: number) {
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  const locale = localeFromAcceptLanguage(req.headers["accept-language"] ?? null);
  const message = translate(locale, "http.body.tooLarge", { limit: formatBytes(cap - SLACK) });
  const path = (req.url ?? "/").split("?")[0]!;
  const api = path.startsWith("/api/") || path.startsWith("/webhooks/");
  const body = api ? JSON.stringify({ error: { code: "too_large", message } }) : message;
  res.writeHead(413, {
    "Content-Type": api ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    Connection: "close",
  });
  res.end(body);
}

type Next = (err?: unknown) => void;

type EndArgs = [chunk?: unknown, encoding?: unknown, cb?: unknown];

export function requestBodyGuard(req: IncomingMessage, res: ServerResponse, next: Next) {
  // Answering before the body is read to its end: close, don't wait for (or read) the rest.
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
    if (!req.complete && !this.headersSent) this.setHeader("Connection", "close");
    return writeHead.apply(this, args);
  } as ServerResponse["writeHead"];

  // ...and close gently: the answer now, the end of the response (and so the close) once the client
  // has stopped sending; meanwhile its bytes are dropped as they come (see above).
  let lingering: { dropped: number; bump: () => void; done: () => void } | null = null;
  const end = res.end;
  res.end = function (this: ServerResponse, ...args: EndArgs) {
    if (req.complete || lingering || this.writableEnded || req.socket.destroyed) return (end as (...a: EndArgs) => ServerResponse).apply(this, args);
    const cb = args.find((a) => typeof a === "function") as (() => void) | undefined;
    const [chunk, encoding] = args;
    if (chunk !== undefined && chunk !== null && typeof chunk !== "function") {
      this.write(chunk as string, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    } else if (!this.headersSent) {
      this.flushHeaders();
    }
    let idle: NodeJS.Timeout;
    const stop = setTimeout(() => state.done(), LINGER_MAX_MS);
    const state = {
      dropped: 0,
      bump: () => {
        clearTimeout(idle);
        idle = setTimeout(() => state.done(), LINGER_IDLE_MS);
        if (state.dropped > LINGER_MAX_BYTES) state.done();
      },
      done: () => {
        if (lingering !== state) return;
        lingering = { ...state, done: () => undefined };
        clearTimeout(idle);
        clearTimeout(stop);
        req.socket.off("close", state.done);
        (end as (this: ServerResponse, cb?: () => void) => ServerResponse).call(this, cb);
      },
    };
    lingering = state;
    state.bump();
    req.socket.once("close", state.done);
    // The reader may have stopped reading (back pressure paused the socket): read on, to drop.
    req.socket.resume();
    return this;
  } as ServerResponse["end"];

  const cap = bodyCapFor((req.url ?? "/").split("?")[0]!);

  // Count the body as Node's HTTP parser hands it over (push), before any reader sees it.
  let seen = 0;
  let over = false;
  const push = req.push;
  req.push = function (this: IncomingMessage, chunk: unknown, encoding?: BufferEncoding) {
    if (lingering) {
      // After an early answer: dropped, and the end of the body ends the response.
      if (chunk === null || chunk === undefined) {
        lingering.done();
        return false;
      }
      lingering.dropped += (chunk as Buffer).length;
      lingering.bump();
      return true;
    }
    if (over) return false;
    if (chunk !== null && chunk !== undefined) {
      seen += (chunk as Buffer).length;
      if (seen > cap) {
        over = true;
        refuse(req, res, cap);
        // End the body here: a reader sees a cut-off body, never the bytes past the cap.
        return push.call(this, null);
      }
    }
    return push.call(this, chunk, encoding);
  };

  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > cap) return refuse(req, res, cap);
  next();
}
