/**
 * The evidence picture a person can look at: the registered view (left) beside the suspect photo
 * (right), both scaled to one height, the matched region outlined on the registered view and the
 * inlier pairs joined by lines. Rendered with sharp (SVG overlay); JPEG bytes.
 */
import sharp from "sharp";
import { readDerivative } from "~/domain/imaging/ingest-image.server";
import { SHARP_INPUT } from "~/domain/imaging/decode-image.server";
import type { Point } from "./motif-rules";

const EVIDENCE_HEIGHT = 520;
const GAP = 16;

type EvidenceInput = {
  dataDir: string;
  /** sha256 of the registered view (its display derivative is used) */
  viewSha256: string;
  /** the registered view's upright size, in which region and lines are given */
  viewWidth: number;
  viewHeight: number;
  /** the suspect photo as uploaded */
  queryBytes: Uint8Array;
  region: readonly Point[];
  lines: readonly (readonly [number, number, number, number])[];
  caption?: string;
};

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function renderMotifEvidence(input: EvidenceInput): Promise<Buffer> {
  const viewImage = await readDerivative(input.dataDir, input.viewSha256, 1280);
  if (!viewImage) throw new Error(`no stored photo ${input.viewSha256}`);
  const left = await sharp(viewImage).resize({ height: EVIDENCE_HEIGHT }).flatten({ background: "#ffffff" }).png().toBuffer({ resolveWithObject: true });
  const right = await sharp(input.queryBytes, SHARP_INPUT)
    .rotate()
    .resize({ height: EVIDENCE_HEIGHT })
    .flatten({ background: "#ffffff" })
    .png()
    .toBuffer({ resolveWithObject: true });
  const qMeta = await sharp(input.queryBytes, SHARP_INPUT).metadata();
  const swap = (qMeta.orientation ?? 1) >= 5;
  const qWidth = swap ? qMeta.height! : qMeta.width!;
  const qHeight = swap ? qMeta.width! : qMeta.height!;

  const lw = left.info.width;
  const rw = right.info.width;
  const captionH = input.caption ? 36 : 0;
  const W = lw + GAP + rw;
  const H = EVIDENCE_HEIGHT + captionH;
  const ls = lw / input.viewWidth;
  const lsy = EVIDENCE_HEIGHT / input.viewHeight;
  const rs = rw / qWidth;
  const rsy = EVIDENCE_HEIGHT / qHeight;
  const palette = ["#f5b700", "#00a1e4", "#dc0073", "#89fc00", "#ff6f00"];
  const lines = input.lines
    .map(([vx, vy, qx, qy], i) => {
      const x1 = (vx * ls).toFixed(1);
      const y1 = (vy * lsy).toFixed(1);
      const x2 = (lw + GAP + qx * rs).toFixed(1);
      const y2 = (qy * rsy).toFixed(1);
      const c = palette[i % palette.length];
      return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${c}" stroke-width="1.4" stroke-opacity="0.85"/><circle cx="${x1}" cy="${y1}" r="3" fill="${c}"/><circle cx="${x2}" cy="${y2}" r="3" fill="${c}"/>`;
    })
    .join("");
  const poly = input.region.map(([x, y]) => `${(x * ls).toFixed(1)},${(y * lsy).toFixed(1)}`).join(" ");
  const overlay =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">` +
    `<polygon points="${poly}" fill="none" stroke="#000" stroke-width="6" stroke-opacity="0.5"/>` +
    `<polygon points="${poly}" fill="none" stroke="#00e676" stroke-width="3"/>` +
    lines +
    (input.caption ? `<text x="8" y="${EVIDENCE_HEIGHT + 25}" font-size="17" font-family="sans-serif" fill="#222">${esc(input.caption)}</text>` : "") +
    `</svg>`;
  return sharp({ create: { width: W, height: H, channels: 3, background: "#ffffff" } })
    .composite([
      { input: left.data, left: 0, top: 0 },
      { input: right.data, left: lw + GAP, top: 0 },
      { input: Buffer.from(overlay), left: 0, top: 0 },
    ])
    .jpeg({ quality: 85 })
    .toBuffer();
}
