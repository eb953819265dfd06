/**
 * Browser side of the work form's photo upload: early type and size checks (the server's checks
 * stay authoritative), and an upload through XMLHttpRequest so each photo shows its own progress.
 * The request is a Remix data request (`?_data=<route id>`), so the action answers as it does to
 * Remix itself: a redirect as 204 + X-Remix-Redirect, validation errors as the action's JSON.
 */
import type { SubmissionResult } from "@conform-to/react";
import { ACCEPTED_IMAGE_TYPES, MAX_IMAGE_BYTES } from "~/domain/imaging/image-type";

const ACCEPTED_MIME = new Set<string>(Object.values(ACCEPTED_IMAGE_TYPES));
const ACCEPTED_EXT = /\.(jpe?g|png|webp|avif|tiff?)$/i;

export type FileProblem = { name: string; key: "works.upload.tooLarge" | "works.upload.badType"; params: Record<string, string | number> };

/** What a browser can know before sending: the declared type (or the extension) and the size. */
export function checkFile(file: { name: string; type: string; size: number }): FileProblem | null {
  const typeOk = file.type ? ACCEPTED_MIME.has(file.type) : ACCEPTED_EXT.test(file.name);
  if (!typeOk) return { name: file.name, key: "works.upload.badType", params: { name: file.name } };
  if (file.size > MAX_IMAGE_BYTES)
    return {
      name: file.name,
      key: "works.upload.tooLarge",
      params: { name: file.name, sizeMb: (file.size / 1048576).toFixed(1), maxMb: MAX_IMAGE_BYTES / 1048576 },
    };
  return null;
}

/**
 * Per-file progress from the bytes sent so far: the browser sends the parts in form order, so a
 * file is done once the bytes before it and its own have gone (the multipart envelope is small).
 */
export function perFileProgress(sizes: number[], loaded: number, total: number): number[] {
  const payload = sizes.reduce((a, b) => a + b, 0);
  // Spread the envelope's overhead evenly, so the last file reaches 100% exactly at the end.
  const scale = total > 0 && payload > 0 ? payload / total : 1;
  const sent = loaded * scale;
  let before = 0;
  return sizes.map((size) => {
    const p = size === 0 ? 1 : Math.min(1, Math.max(0, (sent - before) / size));
    before += size;
    return p;
  });
}

/** The action's form reply (~/web/form-reply.server): Conform's result and the summary line. */
export type UploadReply = { intent?: string; result?: SubmissionResult<string[]> | null; formError?: string | null };

type UploadOutcome =
  { kind: "redirect"; to: string } | { kind: "data"; status: number; data: UploadReply } | { kind: "failed"; status: number; message: string | null };

export function uploadForm(action: string, routeId: string, body: FormData, onProgress: (loaded: number, total: number) => void): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const url = new URL(action, window.location.href);
    url.searchParams.set("_data", routeId);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url.toString());
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : e.loaded);
    xhr.onerror = () => resolve({ kind: "failed", status: 0, message: null });
    xhr.onload = () => {
      const redirect = xhr.getResponseHeader("X-Remix-Redirect");
      if (redirect) return resolve({ kind: "redirect", to: redirect });
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        parsed = null;
      }
      const obj = parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : null;
      if (obj && ("result" in obj || "formError" in obj)) return resolve({ kind: "data", status: xhr.status, data: obj as UploadReply });
      // The body-size guard and the API shape answer {error:{message}}; anything else is generic.
      const message = obj && typeof obj.error === "object" && obj.error ? String((obj.error as { message?: unknown }).message ?? "") || null : null;
      resolve({ kind: "failed", status: xhr.status, message });
    };
    xhr.send(body);
  });
}
