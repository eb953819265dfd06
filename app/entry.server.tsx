import { PassThrough, pipeline } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/utils/nonce-provider";
import { stripReactNulPadding } from "~/utils/strip-react-nul-padding.server";
import { baseSecurityHeaders, documentCsp, makeNonce } from "~/utils/security-headers.server";
import { getEnv } from "~/utils/env.server";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext?: AppLoadContext,
) {
  const bot = isbot(request.headers.get("user-agent") ?? "");
  // One nonce per document: the CSP header and every inline <script> Remix writes carry it.
  const nonce = makeNonce();
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [bot ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          for (const [k, v] of Object.entries(baseSecurityHeaders(getEnv().PUBLIC_URL))) responseHeaders.set(k, v);
          responseHeaders.set("Content-Security-Policy", documentCsp(nonce));
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          // React 18 pads some 2,048-byte flushes with NUL bytes: strip them before they go out.
          // pipeline: an abort (React destroys its destination) must end the response too.
          const clean = stripReactNulPadding();
          pipeline(clean, body, () => {});
          pipe(clean);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(error);
}
