import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/utils/nonce-provider";
import { unpaddedDocument } from "~/utils/strip-react-nul-padding.server";
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
  // One nonce per document: the CSP header and every inline <script> Remix writes carry it.
  const nonce = makeNonce();
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // The abort timer, cleared once the document is complete (it holds the render until it fires).
    const deadline: { timer?: NodeJS.Timeout } = {};
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        // No route defers data (no Suspense): the whole document is ready when the shell is. It is
        // collected and sent in one piece with its length — fewer stream hops and socket writes
        // per page than streaming it (measured: decision 017's profile).
        onAllReady() {
          shellRendered = true;
          // React 18 pads some 2,048-byte flushes with NUL bytes: unpaddedDocument strips them.
          const sink = unpaddedDocument((body) => {
            clearTimeout(deadline.timer);
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            for (const [k, v] of Object.entries(baseSecurityHeaders(getEnv().PUBLIC_URL))) responseHeaders.set(k, v);
            responseHeaders.set("Content-Security-Policy", documentCsp(nonce));
            resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
          });
          pipe(sink);
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
    deadline.timer = setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(error);
}
