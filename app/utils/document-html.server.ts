/**
 * How a document becomes HTML (entry.server.tsx): `renderToString`, then `documentHtml`.
 *
 * No route defers data (no Suspense), so a document is complete when its render is; it is
 * rendered to one string and sent with its length. Not streamed, for two reasons:
 *
 * - React 18's streaming renderer (react-dom 18.3.1, writeStringChunk) encodes into 2,048-byte
 *   views, and when a string does not fit, flushes the *whole* view — the filled part plus the 1–3
 *   unwritten zero bytes (React PR 26228, fixed only in React 19): Chinese pages got NUL bytes.
 *   `renderToString` builds a JavaScript string; there is no view to pad.
 * - It costs less: no byte views, no Writable, no stream hops (measured: decision 017).
 *
 * A route that starts deferring data must bring streaming back, and with it the padding rule.
 *
 * Legitimate output has no U+0000 to lose: Remix's inline JSON escapes it (\u0000), and NUL in
 * text is not content (browsers drop it from text and turn it into U+FFFD in attributes). React
 * does not escape it, so a NUL that still comes from stored data (rows written before, a form
 * reader that lets it through) leaves as U+FFFD, and no page ever carries a NUL byte. Addresses
 * with NUL are refused in server.ts.
 */

/** The document: doctype (renderToString writes none) and any NUL as U+FFFD, as an HTML parser would read it. */
export function documentHtml(rendered: string): string {
  const html = `<!DOCTYPE html>${rendered}`;
  return html.includes("\u0000") ? html.replaceAll("\u0000", "\uFFFD") : html;
}
