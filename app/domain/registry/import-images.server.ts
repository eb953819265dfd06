/**
 * The photos of a catalog import, looked up by file name: uploaded files (a ZIP is unpacked
 * in memory, entry by entry, each capped at the image limit so a zip bomb stops early) or a
 * directory on disk (the command line; names never leave the directory).
 */
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import JSZip from "jszip";
import { DomainError } from "~/domain/errors";
import { MAX_IMAGE_BYTES } from "~/domain/imaging/image-type";

export type ImageSource = { get(name: string): Promise<Uint8Array | null> };

const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const baseName = (name: string) => name.split(/[\\/]/).pop()!.normalize("NFC");

async function readEntryCapped(entry: JSZip.JSZipObject, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    const stream = entry.nodeStream("nodebuffer") as NodeJS.ReadableStream & { destroy?: () => void };
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stream.pause();
        stream.destroy?.();
        reject(
          new DomainError("TOO_LARGE", "catalog.import.error.zipEntryTooLarge", { file: baseName(entry.name), maxMb: Math.round(maxBytes / 1024 / 1024) }),
        );
        return;
      }
      chunks.push(chunk);
    });
    stream.on("error", () => reject(new DomainError("BAD_INPUT", "catalog.import.error.badZip")));
    stream.on("end", () => resolve());
  });
  return new Uint8Array(Buffer.concat(chunks));
}

/** Uploaded files (the web page): plain images by name, ZIPs unpacked (folders flattened). */
export async function imagesFromUploads(files: readonly { name: string; bytes: Uint8Array }[], maxEntryBytes = MAX_IMAGE_BYTES): Promise<ImageSource> {
  const byName = new Map<string, Uint8Array | JSZip.JSZipObject>();
  for (const f of files) {
    if (!isZip(f.bytes)) {
      byName.set(baseName(f.name), f.bytes);
      continue;
    }
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(f.bytes);
    } catch {
      throw new DomainError("BAD_INPUT", "catalog.import.error.badZip");
    }
    zip.forEach((p, entry) => {
      if (entry.dir || p.startsWith("__MACOSX/") || baseName(p).startsWith(".")) return;
      byName.set(baseName(p), entry);
    });
  }
  const lower = new Map([...byName.keys()].map((k) => [k.toLowerCase(), k]));
  return {
    async get(name) {
      const key = byName.has(baseName(name)) ? baseName(name) : lower.get(baseName(name).toLowerCase());
      if (!key) return null;
      const v = byName.get(key)!;
      return v instanceof Uint8Array ? v : readEntryCapped(v, maxEntryBytes);
    },
  };
}

/** A directory on disk (the command line). Only plain names inside `dir` are read. */
export async function imagesFromDirectory(dir: string): Promise<ImageSource> {
  const root = path.resolve(dir);
  const names = await readdir(root);
  const lower = new Map(names.map((n) => [n.normalize("NFC").toLowerCase(), n]));
  return {
    async get(name) {
      const actual = lower.get(baseName(name).toLowerCase());
      if (!actual) return null;
      const full = path.join(root, actual);
      if (path.dirname(full) !== root) return null;
      return new Uint8Array(await readFile(full));
    },
  };
}
