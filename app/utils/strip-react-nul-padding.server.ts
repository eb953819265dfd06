/**
 * React 18's streaming renderer (react-dom 18.3.1, writeStringChunk) encodes into 2,048-byte views.
 * When a string does not fit, TextEncoder.encodeInto stops before the first code point that would
 * straddle the edge, and React then flushes the *whole* view — the filled part plus the 1–3
 * unwritten zero bytes (React PR 26228, fixed only in React 19). Every other flush writes exactly
 * the bytes written. So a NUL tail can only appear on a chunk of exactly VIEW_SIZE bytes, and is
 * at most 3 bytes long (a code point needs at most 4). This Transform removes exactly that.
 *
 * Legitimate output cannot end a full view with U+0000 that we would wrongly drop: page text
 * never contains U+0000 (the middleware in server.ts refuses NUL in URLs and form fields before
 * any route runs), and React's inline JSON is escaped.
 */
import { Transform, type TransformCallback } from "node:stream";

export const REACT_VIEW_SIZE = 2048;
const MAX_PADDING = 3;

/** The part of a chunk React meant to write (drops the zero padding of a bug-flushed view). */
export function unpaddedChunk(chunk: Uint8Array): Uint8Array {
  if (chunk.byteLength !== REACT_VIEW_SIZE || chunk[chunk.byteLength - 1] !== 0) return chunk;
  let end = chunk.byteLength;
  while (end > chunk.byteLength - MAX_PADDING && chunk[end - 1] === 0) end--;
  return chunk.subarray(0, end);
}

export function stripReactNulPadding(): Transform {
  return new Transform({
    transform(chunk: Buffer | Uint8Array | string, _enc: BufferEncoding, done: TransformCallback) {
      if (typeof chunk === "string") return done(null, chunk);
      const out = unpaddedChunk(chunk);
      done(null, out.byteLength === 0 ? undefined : out);
    },
  });
}
