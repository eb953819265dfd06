/**
 * Transfer slips a licensee attaches to "I have paid": a JPEG/PNG/WebP image or a PDF, decided
 * from the bytes, at most 10 MB, stored once under their SHA-256 in DATA_DIR/payment-slips/
 * (outside the image store, whose start-up sweep only knows works, evidence and notices). The file
 * is written before the database transaction; `removeSlip` undoes it if the transaction fails.
 */
import { createHash, randomUUID } from "node:crypto";
import { link, mkdir, open, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import sharp from "sharp";
import { DomainError } from "~/domain/errors";
import { sniffImageKind } from "~/domain/imaging/image-type";
import { safeOriginalName } from "~/domain/cases/evidence-files.server";

import { MAX_SLIP_BYTES } from "./slip-rules";

export { MAX_SLIP_BYTES };
const SLIP_DIR = "payment-slips";
const IMAGE_MIME = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp" } as const;

export type SlipUpload = { bytes: Uint8Array; name: string };
export type StoredSlip = { sha256: string; mime: string; name: string; sizeBytes: number; created: boolean };

export function slipPath(dataDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("not a sha256");
  return path.join(path.resolve(dataDir), SLIP_DIR, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

async function slipMime(bytes: Uint8Array): Promise<string> {
  if (bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString("latin1") === "%PDF-") return "application/pdf";
  const kind = sniffImageKind(bytes);
  if (kind !== "jpeg" && kind !== "png" && kind !== "webp") throw new DomainError("UNSUPPORTED_MEDIA", "payments.error.slipType");
  try {
    // The header is not enough: a slip an officer cannot open is no slip.
    const meta = await sharp(bytes, { limitInputPixels: 60_000_000 }).metadata();
    if (!meta.width || !meta.height) throw new Error("no size");
  } catch {
    throw new DomainError("UNSUPPORTED_MEDIA", "payments.error.slipType");
  }
  return IMAGE_MIME[kind];
}

/** Validates and stores a slip (write-once: an identical slip already stored is reused). */
export async function storeSlip(dataDir: string, upload: SlipUpload): Promise<StoredSlip> {
  if (upload.bytes.length === 0) throw new DomainError("BAD_INPUT", "payments.error.slipEmpty");
  if (upload.bytes.length > MAX_SLIP_BYTES) throw new DomainError("TOO_LARGE", "payments.error.slipTooLarge", { maxMb: MAX_SLIP_BYTES / 1024 / 1024 });
  const mime = await slipMime(upload.bytes);
  const sha256 = createHash("sha256").update(upload.bytes).digest("hex");
  const target = slipPath(dataDir, sha256);
  const base = { sha256, mime, name: safeOriginalName(upload.name || "slip"), sizeBytes: upload.bytes.length };
  const existing = await stat(target).catch(() => null);
  if (existing?.isFile() && existing.size === upload.bytes.length) return { ...base, created: false };
  await mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `.tmp-${sha256}-${randomUUID()}`);
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(upload.bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (existing) await unlink(target); // a damaged copy (wrong size) is replaced
    await link(temp, target);
    return { ...base, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return { ...base, created: false }; // a concurrent upload won
    throw e;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** After a failed transaction: delete the file this upload created, unless a committed payment refers to it. */
export async function removeSlip(db: PrismaClient, dataDir: string, slip: StoredSlip): Promise<void> {
  if (!slip.created) return;
  if ((await db.payment.count({ where: { slipSha256: slip.sha256 } })) > 0) return;
  await unlink(slipPath(dataDir, slip.sha256)).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== "ENOENT") throw e;
  });
}
