/**
 * The one check for redirect targets that come from input (?redirectTo=, hidden form fields).
 * Pure, so the browser bundle may use it too.
 *
 * Only a path on our own origin is accepted. Browsers are lenient in ways a prefix check misses:
 * the URL parser drops tabs and newlines (`/\t/evil` → `//evil`), treats `\` as `/`, and a path
 * that normalises to `//host` (`/.//evil`) is protocol-relative once it is sent back as a
 * Location. So: refuse control characters and backslashes (raw, or percent-encoded in the path),
 * resolve with the WHATWG parser against a dummy origin, require that origin, and re-check what we
 * would actually send.
 */
const DUMMY_ORIGIN = "http://redirect-check.invalid";
const MAX_LENGTH = 2048;
// C0 controls, DEL, the C1 range, and the backslash.
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\\]/;

function decodedPath(to: string): string | null {
  const end = to.search(/[?#]/);
  const path = end === -1 ? to : to.slice(0, end);
  try {
    return decodeURIComponent(path);
  } catch {
    return null; // malformed escapes: refuse
  }
}

export function safeRedirect(to: unknown, fallback = "/dashboard"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH) return fallback;
  if (FORBIDDEN.test(to)) return fallback;
  if (!to.startsWith("/") || to.startsWith("//")) return fallback;
  const path = decodedPath(to);
  if (path === null || FORBIDDEN.test(path) || path.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(to, DUMMY_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== DUMMY_ORIGIN) return fallback;
  const out = url.pathname + url.search + url.hash;
  // `/.//evil` and `/a/..//evil` normalise to `//evil`.
  if (!out.startsWith("/") || out.startsWith("//") || FORBIDDEN.test(out)) return fallback;
  return out;
}
