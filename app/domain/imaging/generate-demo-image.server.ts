import sharp from "sharp";

/**
 * Synthetic "porcelain decoration" pictures for the demo seed and tests: each seed gives a
 * distinct composition (large motifs placed at random, so perceptual hashes of different seeds
 * are far apart), drawn as SVG and rendered to PNG by sharp. Not photographs of real works.
 */
export type CeramicStyle = "blue-and-white" | "famille-rose";

const DEMO_IMAGE_SIZE = 960;

const PALETTES: Record<CeramicStyle, { ground: string; ink: string[] }> = {
  "blue-and-white": { ground: "#f7f5ee", ink: ["#1b3a8c", "#274fae", "#0f2766", "#5a78c4"] },
  "famille-rose": { ground: "#fbf6ea", ink: ["#d9538b", "#f2a7c3", "#4f9a6a", "#e8c14f", "#b23a5b"] },
};

/** Seeded pseudo-random numbers in [0, 1) (mulberry32): demo pictures, the motif vocabulary and tests. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function petalFlower(cx: number, cy: number, r: number, petals: number, fill: string, centre: string): string {
  let s = "";
  for (let i = 0; i < petals; i++) {
    const a = (360 / petals) * i;
    s += `<ellipse cx="${cx}" cy="${cy - r / 2}" rx="${r / 4}" ry="${r / 2}" fill="${fill}" transform="rotate(${a} ${cx} ${cy})"/>`;
  }
  return s + `<circle cx="${cx}" cy="${cy}" r="${r / 5}" fill="${centre}"/>`;
}

function scroll(rand: () => number, size: number, stroke: string): string {
  let d = `M ${rand() * size} ${rand() * size}`;
  for (let i = 0; i < 4; i++) {
    d += ` C ${rand() * size} ${rand() * size}, ${rand() * size} ${rand() * size}, ${rand() * size} ${rand() * size}`;
  }
  return `<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${10 + rand() * 14}" stroke-linecap="round"/>`;
}

function ceramicSvg(seed: number, style: CeramicStyle, size = DEMO_IMAGE_SIZE): string {
  const rand = mulberry32(seed * 2654435761 + (style === "famille-rose" ? 17 : 0));
  const { ground, ink } = PALETTES[style];
  const pick = () => ink[Math.floor(rand() * ink.length)];
  let body = `<rect width="${size}" height="${size}" fill="${ground}"/>`;
  // Large blocks of tone dominate the low frequencies a perceptual hash looks at.
  for (let i = 0; i < 5; i++) {
    const w = size * (0.25 + rand() * 0.4);
    const h = size * (0.2 + rand() * 0.4);
    body += `<rect x="${rand() * (size - w)}" y="${rand() * (size - h)}" width="${w}" height="${h}" rx="${w / 6}" fill="${pick()}" opacity="${0.55 + rand() * 0.4}"/>`;
  }
  // Bands as on the shoulder and foot of a vase.
  for (let i = 0; i < 2; i++) {
    const y = rand() * size;
    body += `<rect x="0" y="${y}" width="${size}" height="${size * 0.04}" fill="${pick()}"/>`;
  }
  for (let i = 0; i < 3; i++) body += scroll(rand, size, pick());
  for (let i = 0; i < 6; i++) {
    const r = size * (0.06 + rand() * 0.12);
    body += petalFlower(rand() * size, rand() * size, r, 5 + Math.floor(rand() * 4), pick(), ground);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">${body}</svg>`;
}

/** A distinct decoration picture for `seed`, as a PNG of DEMO_IMAGE_SIZE pixels square. */
export async function generateCeramicImage(seed: number, style: CeramicStyle): Promise<Buffer> {
  return sharp(Buffer.from(ceramicSvg(seed, style)))
    .png()
    .toBuffer();
}

/** What a copier's re-upload looks like: slightly smaller and recompressed as JPEG. */
export async function nearDuplicateOf(png: Uint8Array): Promise<Buffer> {
  const { width = DEMO_IMAGE_SIZE } = await sharp(png).metadata();
  return sharp(png)
    .resize(Math.round(width * 0.9))
    .jpeg({ quality: 72 })
    .toBuffer();
}
