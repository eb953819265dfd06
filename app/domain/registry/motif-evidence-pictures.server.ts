/**
 * Side-by-side pictures (registered view | the photo sent) of the best motif matches of a
 * /verify upload, as data URLs: nothing is stored. Sealed works get none (only their number is
 * shown). A picture that fails to render is left out (logged): the verdict still stands.
 */
import { renderMotifEvidence } from "~/domain/imaging/motif/render-evidence.server";
import { getEnv } from "~/utils/env.server";
import type { MotifViewMatch } from "./find-motif-matches.server";

export type MotifPicture = { registrationNumber: string; viewKind: string; inliers: number; dataUrl: string };

export async function motifEvidencePictures({
  bytes,
  matches,
  max = 3,
}: {
  bytes: Uint8Array;
  matches: readonly MotifViewMatch[];
  max?: number;
}): Promise<MotifPicture[]> {
  const out: MotifPicture[] = [];
  for (const m of matches.filter((x) => !x.sealed && x.registrationNumber).slice(0, max)) {
    try {
      const jpeg = await renderMotifEvidence({
        dataDir: getEnv().DATA_DIR,
        viewSha256: m.sha256,
        viewWidth: m.viewWidth,
        viewHeight: m.viewHeight,
        queryBytes: bytes,
        region: m.region,
        lines: m.lines,
      });
      out.push({
        registrationNumber: m.registrationNumber!,
        viewKind: m.viewKind,
        inliers: m.inliers,
        dataUrl: `data:image/jpeg;base64,${jpeg.toString("base64")}`,
      });
    } catch (e) {
      console.error("[verify] evidence picture failed:", e instanceof Error ? e.message : e);
    }
  }
  return out;
}
