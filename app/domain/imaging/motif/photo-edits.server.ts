/**
 * The edits infringers make to a photo, generated with sharp: used by the matcher's tests, the
 * threshold calibration (scripts/motif-calibrate.ts) and the benchmark (scripts/bench/motif.ts).
 * Every edit takes an upright RGB rendition and returns JPEG bytes.
 */
import sharp, { type Sharp } from "sharp";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";

export type Rgb = { data: Buffer; width: number; height: number };

const raw = (p: Rgb) => sharp(p.data, { raw: { width: p.width, height: p.height, channels: 3 } });
const jpeg = (s: Sharp, quality = 88) => s.jpeg({ quality }).toBuffer();

export async function uprightRgb(bytes: Uint8Array | string, maxEdge = 1280): Promise<Rgb> {
  const { data, info } = await sharp(bytes)
    .rotate()
    .resize(maxEdge, maxEdge, { fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Inverse-mapped perspective-like warp (bilinear): the top edge narrowed by `amount` on each side
 * and the rows foreshortened quadratically, like a print photographed at an angle with some lens
 * curvature: not exactly a homography.
 */
export function perspective(p: Rgb, amount: number): Rgb {
  const { width: w, height: h } = p;
  const out = Buffer.alloc(w * h * 3, 255);
  for (let y = 0; y < h; y++) {
    const t = y / (h - 1);
    const inset = amount * w * (1 - t);
    const rowW = w - 2 * inset;
    // vertical foreshortening: rows near the top are compressed
    const sy = (h - 1) * (t * t * 0.35 + t * 0.65);
    for (let x = 0; x < w; x++) {
      if (x < inset || x > w - 1 - inset) continue;
      const sx = ((x - inset) / rowW) * (w - 1);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(w - 1, x0 + 1);
      const y1 = Math.min(h - 1, y0 + 1);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 3; c++) {
        const v =
          p.data[(y0 * w + x0) * 3 + c]! * (1 - fx) * (1 - fy) +
          p.data[(y0 * w + x1) * 3 + c]! * fx * (1 - fy) +
          p.data[(y1 * w + x0) * 3 + c]! * (1 - fx) * fy +
          p.data[(y1 * w + x1) * 3 + c]! * fx * fy;
        out[(y * w + x) * 3 + c] = Math.round(v);
      }
    }
  }
  return { data: out, width: w, height: h };
}

function bannerSvg(width: number, height: number, text: string): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect x="0" y="${Math.round(height * 0.78)}" width="${width}" height="${Math.round(height * 0.22)}" fill="#c0392b"/>` +
      `<text x="${width / 2}" y="${Math.round(height * 0.92)}" font-size="${Math.round(height * 0.09)}" font-family="sans-serif" ` +
      `text-anchor="middle" fill="#ffffff">${text}</text></svg>`,
  );
}

/** A shop listing: a grey page with a header bar and price text, the photo shown small. */
async function screenshot(p: Rgb): Promise<Buffer> {
  const W = 1170;
  const H = 2000;
  const thumbW = 700;
  const thumb = await raw(p).resize(thumbW).png().toBuffer();
  const thumbH = Math.round((p.height / p.width) * thumbW);
  const page = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="#f2f2f2"/>` +
      `<rect width="${W}" height="140" fill="#ff5000"/><text x="40" y="95" font-size="56" font-family="sans-serif" fill="#fff">Shop  ¥ 128.00</text>` +
      `<text x="40" y="${300 + thumbH + 120}" font-size="48" font-family="sans-serif" fill="#333">Handmade ceramic — free shipping</text>` +
      `<rect x="40" y="${300 + thumbH + 200}" width="${W - 80}" height="120" rx="20" fill="#ff5000"/></svg>`,
  );
  // Captured at a phone's scale, then the screenshot itself is shrunk and recompressed.
  const shot = await sharp(page)
    .composite([{ input: thumb, left: Math.round((W - thumbW) / 2), top: 300 }])
    .png()
    .toBuffer();
  return sharp(shot)
    .resize(Math.round(W * 0.6))
    .jpeg({ quality: 75 })
    .toBuffer();
}

export type EditName = "crop12" | "rotate7" | "pad20" | "banner" | "perspective" | "jpegQ40" | "mirrored" | "screenshot" | "shear" | "transplant";

export const EDIT_NAMES: readonly EditName[] = [
  "crop12",
  "rotate7",
  "pad20",
  "banner",
  "perspective",
  "jpegQ40",
  "mirrored",
  "screenshot",
  "shear",
  "transplant",
];

/**
 * `other` is a different photo: the transplant edit pastes the middle half of `p` (the "motif")
 * onto it, scaled down, the way a motif is moved onto another piece.
 */
export async function applyEdit(name: EditName, p: Rgb, other?: Rgb): Promise<Buffer> {
  const { width: w, height: h } = p;
  switch (name) {
    case "crop12":
      return jpeg(raw(p).extract({ left: Math.round(w * 0.12), top: Math.round(h * 0.12), width: Math.round(w * 0.76), height: Math.round(h * 0.76) }));
    case "rotate7":
      return jpeg(raw(p).rotate(7, { background: "#ffffff" }));
    case "pad20":
      return jpeg(
        raw(p).extend({ top: Math.round(h * 0.2), bottom: Math.round(h * 0.2), left: Math.round(w * 0.2), right: Math.round(w * 0.2), background: "#ffffff" }),
      );
    case "banner":
      return jpeg(raw(p).composite([{ input: bannerSvg(w, h, "SALE 50% OFF") }]));
    case "perspective":
      return jpeg(raw(perspective(p, 0.12)));
    case "jpegQ40":
      return jpeg(raw(p), 40);
    case "mirrored":
      return jpeg(raw(p).flop());
    case "screenshot":
      return screenshot(p);
    case "shear":
      return jpeg(raw(p).affine([1, 0.18, 0.05, 1], { background: "#ffffff" }));
    case "transplant": {
      if (!other) throw new Error("transplant needs another photo");
      const motif = await raw(p)
        .extract({ left: Math.round(w * 0.25), top: Math.round(h * 0.25), width: Math.round(w * 0.5), height: Math.round(h * 0.5) })
        .resize({ width: Math.round(other.width * 0.45), height: Math.round(other.height * 0.8), fit: "inside" })
        .png()
        .toBuffer();
      const meta = await sharp(motif).metadata();
      return jpeg(
        raw(other).composite([{ input: motif, left: Math.round(other.width * 0.3), top: Math.max(0, Math.round((other.height - meta.height!) * 0.4)) }]),
      );
    }
  }
}

/**
 * Backdrops for hard negatives: "studio", the same soft gradient every shot with each shot's own
 * sensor noise; "wall", the same photo of a textured wall pixel for pixel; "wallMoved", that wall
 * with the camera moved a little between shots.
 */
async function backdrop(kind: Backdrop, w: number, h: number, shot: number, wall?: Uint8Array): Promise<Buffer> {
  if (kind === "wall" || kind === "wallMoved") {
    if (!wall) throw new Error("a wall backdrop needs the wall photo");
    if (kind === "wall") return sharp(wall).rotate().resize(w, h, { fit: "cover" }).png().toBuffer();
    // The camera moved a little between shots: 0-6% larger, shifted up to 3%.
    const z = 1 + (shot % 4) * 0.02;
    const big = await sharp(wall)
      .rotate()
      .resize(Math.round(w * z * 1.06), Math.round(h * z * 1.06), { fit: "cover" })
      .png()
      .toBuffer();
    const m = await sharp(big).metadata();
    return sharp(big)
      .extract({ left: Math.round(((m.width! - w) * (shot % 3)) / 2), top: Math.round(((m.height! - h) * (shot % 5)) / 4), width: w, height: h })
      .png()
      .toBuffer();
  }
  const noise = Buffer.alloc(w * h * 3);
  let s = 12345 + shot * 7919;
  for (let i = 0; i < noise.length; i += 3) {
    s = (s * 1103515245 + 12345) >>> 0;
    const g = 200 + ((s >>> 16) % 9) + Math.round((40 * i) / noise.length);
    noise[i] = g;
    noise[i + 1] = g - 4;
    noise[i + 2] = g - 10;
  }
  return sharp(noise, { raw: { width: w, height: h, channels: 3 } })
    .blur(0.6)
    .png()
    .toBuffer();
}

export type Backdrop = "studio" | "wall" | "wallMoved";

/** A round demo piece (generate-demo-image, `seed`) photographed in the middle of a backdrop, 1200 x 900. */
export async function pieceOnBackdrop(kind: Backdrop, seed: number, wall?: Uint8Array): Promise<Buffer> {
  const piece = await sharp(await generateCeramicImage(seed, seed % 2 ? "famille-rose" : "blue-and-white"))
    .resize(520, 520)
    .composite([
      {
        input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="520" height="520"><circle cx="260" cy="260" r="260" fill="#fff"/></svg>`),
        blend: "dest-in",
      },
    ])
    .png()
    .toBuffer();
  return sharp(await backdrop(kind, 1200, 900, seed, wall))
    .composite([{ input: piece, left: 340, top: 190 }])
    .jpeg({ quality: 88 })
    .toBuffer();
}
