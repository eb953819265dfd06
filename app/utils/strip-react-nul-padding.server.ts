/**
 * React 18's streaming renderer (react-dom 18.3.1, writeStringChunk) encodes into 2,048-byte views.
 * When a string does not fit, TextEncoder.encodeInto stops before the first code point that would
 * straddle the edge, and React then flushes the *whole* view — the filled part plus the 1–3
 * unwritten zero bytes (React PR 26228, fixed only in React 19). Every other flush writes exactly
 * the bytes written. So a NUL tail can only appear on a chunk of exactly VIEW_SIZE bytes, and is
 * at most 3 bytes long (a code point needs at most 4). unpaddedDocument removes exactly that.
 *
 * Legitimate output has no U+0000 to lose: Remix's inline JSON escapes it (\u0000), and NUL in
 * text is not content (browsers drop it from text and turn it into U+FFFD in attributes). Addresses
 * with NUL are refused in server.ts; a NUL that still comes from stored data (rows written before,
 * a form reader that lets it through) leaves as U+FFFD, so no page ever carries a NUL byte.
 */
import { Writable } from "node:stream";

export const REACT_VIEW_SIZE = 2048;
const MAX_PADDING = 3;

/** The part of a chunk React meant to write (drops the zero padding of a bug-flushed view). */
export function unpaddedChunk(chunk: Uint8Array): Uint8Array {
  if (chunk.byteLength !== REACT_VIEW_SIZE || chunk[chunk.byteLength - 1] !== 0) return chunk;
  let end = chunk.byteLength;
  while (end > chunk.byteLength - MAX_PADDING && chunk[end - 1] === 0) end--;
  return chunk.subarray(0, end);
}

const REPLACEMENT = Buffer.from("\uFFFD", "utf8");

/** Any NUL left after unpadding is data, not padding: U+FFFD, as an HTML parser would read it. */
export function withoutNul(chunk: Uint8Array): Uint8Array {
  if (chunk.indexOf(0) === -1) return chunk;
  const parts: Uint8Array[] = [];
  let from = 0;
  for (let i = chunk.indexOf(0); i !== -1; i = chunk.indexOf(0, i + 1)) {
    parts.push(chunk.subarray(from, i), REPLACEMENT);
    from = i + 1;
  }
  parts.push(chunk.subarray(from));
  return Buffer.concat(parts);
}

/**
 * Where the document server render writes (entry.server.tsx): keeps what React meant to write,
 * without its padding and with any data NUL replaced, and hands over the whole body once React
 * has finished.
 */
export function unpaddedDocument(onBody: (body: Uint8Array<ArrayBuffer>) => void): Writable {
  const parts: Uint8Array[] = [];
  return new Writable({
    write(chunk: Buffer | Uint8Array | string, _enc: BufferEncoding, done: (error?: Error | null) => void) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      parts.push(withoutNul(unpaddedChunk(bytes)));
      done();
    },
    final(done: (error?: Error | null) => void) {
      onBody(Buffer.concat(parts));
      done();
    },
  });
}
