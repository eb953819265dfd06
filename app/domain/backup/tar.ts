/**
 * A streaming POSIX tar (ustar + pax headers) writer and reader for backup archives.
 *
 * Why our own: the only archive library among our direct dependencies is jszip, which must hold a
 * whole zip in memory to read it; a registry's image store does not fit. `tar` / `tar-stream` are
 * only present as build-tool dependencies and vanish from a production install. The format is
 * small and fixed (POSIX.1-2001), and the archives open with the system `tar` (`tar -tvf`), which
 * an operator doing a restore by hand will appreciate.
 *
 * Writer: one regular file at a time, streamed from disk with its SHA-256 computed on the way.
 * Reader: walks the entries of an archive file with positioned reads, streaming each file out.
 * Only regular files are written or accepted; the reader refuses links, devices, absolute paths
 * and "..", so an archive cannot write outside the restore directory.
 */
import { createHash } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";

const BLOCK = 512;
const ZERO_BLOCK = Buffer.alloc(BLOCK);

type TarEntryInfo = { name: string; size: number; sha256: string };

function octal(value: number, width: number): string {
  // width - 1 digits, then NUL (the classic layout GNU and BSD tar both read).
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

function paxRecord(key: string, value: string): Buffer {
  // "<len> <key>=<value>\n" where <len> counts itself.
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return Buffer.from(`${len}${body}`, "utf8");
}

function header(opts: { name: string; size: number; mtime: number; type: "0" | "x"; mode?: number }): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(opts.name, 0, 100, "utf8");
  h.write(octal(opts.mode ?? 0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii");
  h.write(octal(0, 8), 116, "ascii");
  h.write(octal(opts.size, 12), 124, "ascii");
  h.write(octal(Math.floor(opts.mtime), 12), 136, "ascii");
  h.write("        ", 148, "ascii"); // checksum field counts as spaces while summing
  h.write(opts.type, 156, "ascii");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "ascii");
  return h;
}

const fitsUstar = (name: string, size: number) => /^[\x20-\x7e]+$/.test(name) && Buffer.byteLength(name) <= 100 && size < 0o77777777777;

/** Entry names inside an archive: relative, "/"-separated, no "." or ".." segments. */
export function checkEntryName(name: string): string | null {
  if (!name || name.length > 4096) return "empty or too long";
  if (name.startsWith("/") || /^[a-zA-Z]:/.test(name) || name.includes("\\")) return "absolute path";
  if (name.includes("\0")) return "NUL in name";
  if (name.split("/").some((s) => s === "" || s === "." || s === "..")) return "a path segment is empty, . or ..";
  return null;
}

export class TarWriter {
  private out: WriteStream;
  private closed = false;

  constructor(file: string, mode = 0o600) {
    this.out = createWriteStream(file, { flags: "wx", mode });
  }

  private async write(buf: Buffer): Promise<void> {
    if (!this.out.write(buf)) await once(this.out, "drain");
  }

  private async writeHeader(name: string, size: number, mtime: number): Promise<void> {
    const problem = checkEntryName(name);
    if (problem) throw new Error(`tar: bad entry name ${JSON.stringify(name)}: ${problem}`);
    if (!fitsUstar(name, size)) {
      const pax = Buffer.concat([paxRecord("path", name), paxRecord("size", String(size))]);
      await this.write(header({ name: `PaxHeaders/${createHash("sha256").update(name).digest("hex").slice(0, 32)}`, size: pax.length, mtime, type: "x" }));
      await this.write(pax);
      await this.pad(pax.length);
      name = name.replace(/[^\x20-\x7e]/g, "_").slice(-100);
    }
    await this.write(header({ name, size: Math.min(size, 0o77777777777), mtime, type: "0" }));
  }

  private async pad(size: number): Promise<void> {
    const rest = size % BLOCK;
    if (rest) await this.write(ZERO_BLOCK.subarray(0, BLOCK - rest));
  }

  /**
   * Adds the first `expectedSize` bytes of a file (its size when listed), streamed: a file that
   * grows meanwhile (a log) is archived as it was; one that shrinks fails the backup.
   */
  async addFile(name: string, source: string, expectedSize: number, mtime = Date.now() / 1000): Promise<TarEntryInfo> {
    // Opened before the header is written: a file deleted since it was listed fails here
    // (ENOENT) with the archive still intact, so the caller may skip it.
    const fh = await open(source, "r");
    const hash = createHash("sha256");
    let read = 0;
    try {
      await this.writeHeader(name, expectedSize, mtime);
      if (expectedSize > 0) {
        for await (const chunk of fh.createReadStream({ highWaterMark: 1 << 20, start: 0, end: expectedSize - 1, autoClose: false })) {
          const b = chunk as Buffer;
          read += b.length;
          hash.update(b);
          await this.write(b);
        }
      }
    } finally {
      await fh.close();
    }
    if (read !== expectedSize) throw new Error(`tar: ${source} shrank while being archived (${read} of ${expectedSize} bytes)`);
    await this.pad(expectedSize);
    return { name, size: expectedSize, sha256: hash.digest("hex") };
  }

  async addBuffer(name: string, data: Buffer, mtime = Date.now() / 1000): Promise<TarEntryInfo> {
    await this.writeHeader(name, data.length, mtime);
    await this.write(data);
    await this.pad(data.length);
    return { name, size: data.length, sha256: createHash("sha256").update(data).digest("hex") };
  }

  /** Two zero blocks end the archive; resolves once the data is flushed and fsynced. */
  async finish(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.write(Buffer.alloc(BLOCK * 2));
    await new Promise<void>((resolve, reject) => this.out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    const fh = await open(this.out.path as string, "r+");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  /** Abandons the archive (the caller deletes the partial file). */
  destroy(): void {
    this.closed = true;
    this.out.destroy();
  }
}

function parseOctal(buf: Buffer, start: number, len: number): number {
  const s = buf
    .subarray(start, start + len)
    .toString("ascii")
    .replace(/\0.*$/s, "")
    .trim();
  if (s === "") return 0;
  if (!/^[0-7]+$/.test(s)) throw new Error(`tar: bad number field "${s}"`);
  return parseInt(s, 8);
}

function cString(buf: Buffer, start: number, len: number): string {
  const b = buf.subarray(start, start + len);
  const end = b.indexOf(0);
  return b.subarray(0, end === -1 ? len : end).toString("utf8");
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp === -1) throw new Error("tar: malformed pax header");
    const len = parseInt(data.subarray(i, sp).toString("ascii"), 10);
    if (!Number.isSafeInteger(len) || len <= 0 || i + len > data.length) throw new Error("tar: malformed pax header");
    const rec = data.subarray(sp + 1, i + len - 1).toString("utf8");
    const eq = rec.indexOf("=");
    if (eq === -1) throw new Error("tar: malformed pax record");
    out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

type TarEntry = {
  name: string;
  size: number;
  /** Streams the entry's bytes into `file` (created exclusively), returning its SHA-256. */
  extractTo(file: string): Promise<string>;
  /** Reads a small entry into memory (manifest). */
  read(maxBytes: number): Promise<Buffer>;
};

/**
 * Calls `onEntry` for each regular file of the archive, in order. An entry not extracted or read
 * is skipped. Throws on anything but regular files and pax headers, on bad checksums and on a
 * truncated archive.
 */
export async function readTar(file: string, onEntry: (entry: TarEntry) => Promise<void>): Promise<void> {
  const fh: FileHandle = await open(file, "r");
  try {
    const { size: total } = await fh.stat();
    let pos = 0;
    let pax: Record<string, string> = {};
    const readAt = async (len: number, at: number) => {
      const buf = Buffer.alloc(len);
      const { bytesRead } = await fh.read(buf, 0, len, at);
      if (bytesRead !== len) throw new Error("tar: archive is truncated");
      return buf;
    };
    for (;;) {
      if (pos + BLOCK > total) throw new Error("tar: archive is truncated (no end marker)");
      const h = await readAt(BLOCK, pos);
      if (h.equals(ZERO_BLOCK)) return;
      const stored = parseOctal(h, 148, 8);
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
      if (sum !== stored) throw new Error(`tar: header checksum mismatch at byte ${pos}`);
      const type = String.fromCharCode(h[156] || 0x30);
      let size = parseOctal(h, 124, 12);
      const prefix = cString(h, 345, 155);
      let name = (prefix ? prefix + "/" : "") + cString(h, 0, 100);
      const dataAt = pos + BLOCK;
      if (pax.size !== undefined) size = Number(pax.size);
      if (pax.path !== undefined) name = pax.path;
      if (!Number.isSafeInteger(size) || size < 0 || dataAt + size > total) throw new Error("tar: archive is truncated");
      pos = dataAt + Math.ceil(size / BLOCK) * BLOCK;
      if (type === "x") {
        if (size > 1 << 20) throw new Error("tar: pax header too large");
        pax = parsePax(await readAt(size, dataAt));
        continue;
      }
      pax = {};
      if (type === "g") continue; // global pax header: nothing we use
      if (type !== "0") throw new Error(`tar: entry ${JSON.stringify(name)} is not a regular file (type ${type})`);
      const problem = checkEntryName(name);
      if (problem) throw new Error(`tar: refusing entry ${JSON.stringify(name)}: ${problem}`);
      await onEntry({
        name,
        size,
        read: async (maxBytes) => {
          if (size > maxBytes) throw new Error(`tar: ${name} is larger than ${maxBytes} bytes`);
          return readAt(size, dataAt);
        },
        extractTo: async (target) => {
          await mkdir(path.dirname(target), { recursive: true });
          const hash = createHash("sha256");
          const out = createWriteStream(target, { flags: "wx", mode: 0o600 });
          try {
            const chunk = 1 << 20;
            for (let off = 0; off < size; off += chunk) {
              const buf = await readAt(Math.min(chunk, size - off), dataAt + off);
              hash.update(buf);
              if (!out.write(buf)) await once(out, "drain");
            }
          } finally {
            await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
          }
          return hash.digest("hex");
        },
      });
    }
  } finally {
    await fh.close();
  }
}
