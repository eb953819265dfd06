/**
 * The anonymous page cache: the public catalog pages, as a visitor without a session sees them,
 * served again while the database is unchanged (docs/decisions/016-public-page-cache.md).
 *
 * A catalog page costs a few milliseconds of database work and most of its time in rendering
 * (React SSR of the document, Remix's routing and serialisation). Every anonymous visitor of one
 * URL in one language gets the same bytes, so the rendered response is kept and replayed until
 * anything commits to the database (`DatabaseVersion`: SQLite's data_version, PostgreSQL's WAL
 * position) or the entry is older than `ttlMs`.
 *
 * What keeps it correct:
 * - Only GET requests for the paths `cacheable` accepts, and only without a session cookie (a
 *   signed-in page has a name, an inbox count, owner-only facts): those go straight through.
 * - Keyed by host, full URL (path + query, `_data` included), the language the page is rendered
 *   in (the same choice as `getLocale`) and whether the client is a bot (bots get a fully
 *   rendered, unstreamed document).
 * - Stored only when the response is a 200, sets no cookie, is not marked no-store or private,
 *   is HTML or JSON and fits `maxEntryBytes`.
 * - The CSP nonce is never replayed: the stored body is split at the nonce it was rendered with,
 *   and each replay gets a fresh one in the body and in the Content-Security-Policy header.
 * - The database marker is read before the page is rendered, so a page rendered from data that
 *   committed meanwhile is filed under the older marker and only ever missed.
 * - One render per key and marker: concurrent misses wait for the first render rather than all
 *   rendering the same page (after each write, a busy catalog would otherwise render it N times).
 */
import type { NextFunction, Request, Response } from "express";
import { LRUCache } from "lru-cache";
import { isbot } from "isbot";
import type { DatabaseVersion } from "~/utils/database-version.server";
import { localeOf } from "~/utils/locale.server";
import { makeNonce } from "~/utils/security-headers.server";

export const CACHE_STATUS_HEADER = "X-Kilnmark-Cache";

export type PublicPageCacheOptions = {
  version: DatabaseVersion;
  cacheable: (path: string) => boolean;
  maxBytes: number;
  maxEntryBytes?: number;
  ttlMs?: number;
  sessionCookie?: string;
  /** How long a request waits for another request's render of the same page before rendering itself. */
  waitMs?: number;
};

type Entry = {
  version: string;
  status: number;
  headers: [string, string | string[]][];
  /** The body, split at each occurrence of `nonce`. */
  parts: Buffer[];
  nonce: string | null;
  bytes: number;
};

/** Not replayed: the connection's own, or recomputed for the replayed body. */
const SKIPPED_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", CACHE_STATUS_HEADER.toLowerCase()]);

/** The public catalog: the list and a work's page (not /works/new, not certificate downloads). */
export const isCatalogPath = (path: string) => path === "/works" || path === "/works/" || /^\/works\/(?!new$)[A-Za-z0-9-]+$/.test(path);

export function hasCookie(cookieHeader: string | undefined, name: string): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((c) => c.trim().startsWith(`${name}=`));
}

function splitAt(body: Buffer, needle: string | null): Buffer[] {
  if (!needle) return [body];
  const n = Buffer.from(needle);
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(n, from); at >= 0; at = body.indexOf(n, from)) {
    parts.push(body.subarray(from, at));
    from = at + n.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

const nonceOf = (csp: unknown) => (typeof csp === "string" ? (/'nonce-([^']+)'/.exec(csp)?.[1] ?? null) : null);

function storable(res: Response): boolean {
  if (res.statusCode !== 200) return false;
  if (res.getHeader("set-cookie") !== undefined) return false;
  const cacheControl = String(res.getHeader("cache-control") ?? "").toLowerCase();
  if (/no-store|private/.test(cacheControl)) return false;
  const type = String(res.getHeader("content-type") ?? "");
  return /^(text\/html|application\/json)/i.test(type);
}

function replay(res: Response, entry: Entry, status: "hit" | "shared") {
  const fresh = entry.nonce ? makeNonce() : null;
  const body = fresh ? Buffer.concat(entry.parts.flatMap((p, i) => (i ? [Buffer.from(fresh), p] : [p]))) : entry.parts[0]!;
  res.status(entry.status);
  for (const [name, value] of entry.headers) {
    if (SKIPPED_HEADERS.has(name)) continue;
    if (fresh && entry.nonce && name === "content-security-policy") res.setHeader(name, String(value).split(entry.nonce).join(fresh));
    else res.setHeader(name, value);
  }
  res.setHeader("content-length", body.length);
  res.setHeader(CACHE_STATUS_HEADER, status);
  res.end(body);
}

export function publicPageCache(options: PublicPageCacheOptions) {
  const { version, cacheable, maxBytes, maxEntryBytes = 2 * 1024 * 1024, ttlMs = 5 * 60_000, sessionCookie = "km_session", waitMs = 10_000 } = options;
  const cache = new LRUCache<string, Entry>({ maxSize: Math.max(1, maxBytes), sizeCalculation: (e) => e.bytes + 512, ttl: ttlMs });
  const renders = new Map<string, { version: string; done: Promise<Entry | null> }>();

  const middleware = async (req: Request, res: Response, next: NextFunction) => {
    if (maxBytes <= 0 || req.method !== "GET" || !cacheable(req.path) || hasCookie(req.headers.cookie, sessionCookie) || req.headers.authorization) {
      return next();
    }
    let current: string;
    let key: string;
    try {
      current = await version();
      const locale = await localeOf(req.headers.cookie ?? null, req.headers["accept-language"] ?? null);
      key = `${locale}|${isbot(req.headers["user-agent"] ?? "") ? "bot" : "-"}|${req.headers.host ?? ""}|${req.originalUrl}`;
    } catch (error) {
      // The database cannot say whether it changed: render as if there were no cache.
      console.error("[page-cache] database version unavailable", error);
      return next();
    }
    const hit = cache.get(key);
    if (hit && hit.version === current) return replay(res, hit, "hit");

    const pending = renders.get(key);
    if (pending && pending.version === current) {
      const entry = await Promise.race([pending.done, new Promise<null>((r) => (setTimeout(r, waitMs) as unknown as NodeJS.Timeout).unref())]);
      if (entry) return replay(res, entry, "shared");
    }

    // Render through the app, keeping a copy of what it writes.
    let settle!: (e: Entry | null) => void;
    const done = new Promise<Entry | null>((r) => (settle = r));
    const mine = { version: current, done };
    renders.set(key, mine);
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk == null || typeof chunk === "function" || size > maxEntryBytes) return;
      const b = Buffer.isBuffer(chunk)
        ? chunk
        : typeof chunk === "string"
          ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
          : Buffer.from(chunk as Uint8Array);
      size += b.length;
      if (size <= maxEntryBytes) chunks.push(Buffer.from(b));
    };
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => Response;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as Response["end"];
    res.setHeader(CACHE_STATUS_HEADER, "miss");
    const finish = (entry: Entry | null) => {
      if (renders.get(key) === mine) renders.delete(key);
      settle(entry);
    };
    res.on("finish", () => {
      if (size > maxEntryBytes || !storable(res)) return finish(null);
      const headers = Object.entries(res.getHeaders()).map(([n, v]) => [n.toLowerCase(), Array.isArray(v) ? v : String(v)] as [string, string | string[]]);
      const nonce = nonceOf(res.getHeader("content-security-policy"));
      const body = Buffer.concat(chunks);
      const entry: Entry = { version: current, status: res.statusCode, headers, parts: splitAt(body, nonce), nonce, bytes: body.length };
      cache.set(key, entry);
      finish(entry);
    });
    res.on("close", () => {
      if (!res.writableFinished) finish(null);
    });
    next();
  };
  return Object.assign(middleware, { clear: () => cache.clear(), size: () => cache.size });
}
