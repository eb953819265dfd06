/**
 * Finds where each part of a multipart stream begins, and what it is, while the stream arrives.
 *
 * @mjackson/multipart-parser yields a part only once it has ended, with one size limit for every
 * part. To refuse a 64 KB text field at 64 KB (not at the 25 MB photo cap), the reader must know,
 * as the bytes come, whether the part being filled is a file or a text field. This scanner reads
 * the same delimiters the parser does (`\r\n--boundary`, then headers up to a blank line) and
 * reports, for each chunk, the offsets where a new part's body starts, with its name and kind.
 * The reader then feeds the parser the chunk in slices and sets the limit for each part in turn.
 */
import Headers from "@mjackson/headers";

export type PartStart = {
  /** Offset in the chunk just passed to `scan` where this part's body begins. */
  at: number;
  name: string;
  /** The file name when the part is a file (possibly ""), else undefined. */
  filename: string | undefined;
};

class MalformedPartHeaders extends Error {}

const CRLF2 = Buffer.from("\r\n\r\n");
const decoder = new TextDecoder("utf-8", { fatal: true });

export class PartScanner {
  readonly #delimiter: Buffer;
  readonly #maxHeaderBytes: number;
  /** Bytes not yet fully examined, kept from earlier chunks (a delimiter or header block cut in two). */
  #carry: Buffer;
  #ended = false;
  #oversized = false;

  constructor(boundary: string, maxHeaderBytes: number) {
    this.#delimiter = Buffer.from(`\r\n--${boundary}`);
    this.#maxHeaderBytes = maxHeaderBytes;
    // The first delimiter has no CRLF before it: pretend it had one.
    this.#carry = Buffer.from("\r\n");
  }

  /**
   * The parts whose body begins within `chunk`, in order, and where in `chunk` the closing
   * delimiter ends (`end`, 0 for every chunk after it): what follows is the epilogue, which the
   * parser must not be given (it refuses any byte after the close, even the final CRLF when it
   * arrives in a later chunk).
   */
  scan(chunk: Uint8Array): { starts: PartStart[]; end: number | null } {
    if (this.#ended) return { starts: [], end: 0 };
    if (this.#oversized) return { starts: [], end: null };
    const buf = this.#carry.length ? Buffer.concat([this.#carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const shift = buf.length - chunk.byteLength; // buf offset of chunk[0]
    const starts: PartStart[] = [];
    let end: number | null = null;
    let pos = 0;
    for (;;) {
      const d = buf.indexOf(this.#delimiter, pos);
      if (d === -1) {
        // Keep what could be the beginning of a delimiter.
        pos = Math.max(pos, buf.length - (this.#delimiter.length - 1));
        break;
      }
      const after = d + this.#delimiter.length;
      if (buf.length - after < 2) {
        pos = d;
        break;
      }
      if (buf[after] === 0x2d && buf[after + 1] === 0x2d) {
        this.#ended = true; // closing delimiter "--"
        end = Math.max(0, after + 2 - shift);
        pos = buf.length;
        break;
      }
      const headerStart = after + 2; // skip CRLF (the parser skips these two bytes too)
      const headerEnd = buf.indexOf(CRLF2, headerStart);
      if (headerEnd === -1) {
        // Header block not complete yet; the parser refuses blocks over its header cap.
        if (buf.length - headerStart > this.#maxHeaderBytes + 4) {
          this.#oversized = true; // the parser throws on this block; stop looking
          pos = buf.length;
        } else pos = d;
        break;
      }
      let headers: Headers;
      try {
        headers = new Headers(decoder.decode(buf.subarray(headerStart, headerEnd)));
      } catch {
        throw new MalformedPartHeaders("part headers are not UTF-8");
      }
      const bodyStart = headerEnd + 4;
      starts.push({ at: Math.max(0, bodyStart - shift), name: headers.contentDisposition.name ?? "", filename: headers.contentDisposition.preferredFilename });
      pos = bodyStart;
    }
    this.#carry = Buffer.from(buf.subarray(Math.min(pos, buf.length)));
    return { starts, end };
  }
}
