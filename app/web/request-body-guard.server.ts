/**
 * Defence in depth for request bodies, in front of Remix (express middleware, see server.ts).
 * The routes enforce their own, tighter caps while they read (request-body.server.ts); this guard
 * holds for every path, including ones that never read their body:
 *  - a declared Content-Length over the path's cap is answered 413 at once, unread;
 *  - a body (chunked or not) that streams past the cap stops being passed on and is answered 413;
 *  - any response sent before the body was read to the end closes the connection, so an
 *    unread upload is neither buffered nor waited for on a kept-alive socket.
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

export function requestBodyGuard(req: IncomingMessage, res: ServerResponse, next: Next) {
  // Answering before the body is read to its end: close, don't wait for (or read) the rest.
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
    if (!req.complete && !this.headersSent) this.setHeader("Connection", "close");
    return writeHead.apply(this, args);
  } as ServerResponse["writeHead"];

  const cap = bodyCapFor((req.url ?? "/").split("?")[0]!);
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > cap) return refuse(req, res, cap);

  // Count the body as Node's HTTP parser hands it over (push), before any reader sees it.
  let seen = 0;
  let over = false;
  const push = req.push;
  req.push = function (this: IncomingMessage, chunk: unknown, encoding?: BufferEncoding) {
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
  next();
}
