/**
 * Express middleware for server.ts: security headers on every response, and refusal of URLs
 * carrying U+0000 (it would otherwise reach pages through search boxes and echo back as NUL).
 */
import type { NextFunction, Request, Response } from "express";
import { baseSecurityHeaders, DEFAULT_CSP, isHttpsDeployment } from "./security-headers.server";

/** On an https deployment no cookie may travel over plain http, whoever set it. */
export function withSecureFlag(cookie: string): string {
  return /;\s*secure\s*(;|$)/i.test(cookie) ? cookie : `${cookie}; Secure`;
}

/**
 * Fills in, just before the headers go out, whatever the response did not set itself: documents
 * come with their nonce CSP from entry.server.tsx and keep it; everything else gets DEFAULT_CSP.
 * Setting at writeHead time (not up front) avoids a second, conflicting CSP header, since the
 * Remix adapter appends the headers of its Response.
 */
export function securityHeaders(publicUrl: string | undefined) {
  const base = baseSecurityHeaders(publicUrl);
  const https = isHttpsDeployment(publicUrl);
  return (_req: Request, res: Response, next: NextFunction) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      if (!res.headersSent) {
        for (const [k, v] of Object.entries(base)) if (!res.hasHeader(k)) res.setHeader(k, v);
        const cookies = res.getHeader("Set-Cookie");
        if (https && cookies !== undefined) res.setHeader("Set-Cookie", (Array.isArray(cookies) ? cookies : [String(cookies)]).map(withSecureFlag));
        const type = String(res.getHeader("Content-Type") ?? "");
        // Chromium shows an inline PDF through a plugin document that default-src 'none' would block.
        if (!res.hasHeader("Content-Security-Policy") && !type.startsWith("application/pdf")) res.setHeader("Content-Security-Policy", DEFAULT_CSP);
      }
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as typeof res.writeHead;
    next();
  };
}

function hasNul(s: string): boolean {
  if (s.includes("\0")) return true;
  if (!/%00/.test(s)) return false;
  try {
    return decodeURIComponent(s.replace(/\+/g, " ")).includes("\0");
  } catch {
    return true; // malformed escapes that contain %00 are not worth interpreting
  }
}

export function refuseNulInUrl(req: Request, res: Response, next: NextFunction) {
  if (hasNul(req.originalUrl)) {
    res.status(400).type("text/plain; charset=utf-8").send("Bad request: the address contains a NUL character. 请求地址含有空字符（NUL），已拒绝。");
    return;
  }
  next();
}
