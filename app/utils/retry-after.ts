import type { HeadersFunction } from "@remix-run/node";

/**
 * A page route's `headers` export that carries the Retry-After of a 429 (from its action, its
 * loader or a thrown response) into the document response; Remix drops loader and action headers
 * from documents unless the route passes them on. Everything the parents set is kept.
 */
export const passRetryAfter: HeadersFunction = ({ parentHeaders, loaderHeaders, actionHeaders, errorHeaders }) => {
  const headers = new Headers(parentHeaders);
  for (const source of [loaderHeaders, actionHeaders, errorHeaders]) {
    const value = source?.get("Retry-After");
    if (value) headers.set("Retry-After", value);
  }
  return headers;
};
