import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "~/utils/nonce-provider";
import { documentHtml } from "~/utils/document-html.server";
import { baseSecurityHeaders, documentCsp, makeNonce } from "~/utils/security-headers.server";
import { getEnv } from "~/utils/env.server";

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext?: AppLoadContext,
) {
  // One nonce per document: the CSP header and every inline <script> Remix writes carry it.
  const nonce = makeNonce();
  // No route defers data: the document is rendered in one piece, to a string (see documentHtml).
  const html = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  for (const [k, v] of Object.entries(baseSecurityHeaders(getEnv().PUBLIC_URL))) responseHeaders.set(k, v);
  responseHeaders.set("Content-Security-Policy", documentCsp(nonce));
  return new Response(documentHtml(html), { headers: responseHeaders, status: responseStatusCode });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(error);
}
