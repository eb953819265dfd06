/**
 * Shared building blocks for Kilnmark's PDF documents (certificates): A4 pdfkit documents with an
 * embedded CJK font (Noto Sans SC from @embedpdf/fonts-sc, subset by pdfkit so a certificate
 * stays small), bilingual headings and labels taken from the "certificates" message tables,
 * QR codes, and image thumbnails normalised to PNG.
 */
import { chinaDate, chinaDateTime } from "~/domain/time/china-time";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import sharp from "sharp";
import { translate } from "~/utils/i18n";

type Pdf = PDFKit.PDFDocument;

const require = createRequire(import.meta.url);
const FONT_FILES = { regular: "NotoSansHans-Regular.otf", bold: "NotoSansHans-Bold.otf" } as const;

/** The package exports only its JS entry, so find the font folder next to it. */
export function cjkFontPath(weight: keyof typeof FONT_FILES = "regular"): string {
  const entry = require.resolve("@embedpdf/fonts-sc");
  return path.join(path.dirname(entry), "..", "fonts", FONT_FILES[weight]);
}

// ~8 MB per weight: read once per process, not once per certificate.
const fontCache = new Map<string, Buffer>();
function fontBuffer(weight: keyof typeof FONT_FILES): Buffer {
  let b = fontCache.get(weight);
  if (!b) {
    b = readFileSync(cjkFontPath(weight));
    fontCache.set(weight, b);
  }
  return b;
}

export const FONT = { regular: "cjk", bold: "cjk-bold", mono: "Courier" } as const;
export const COLOR = { ink: "#1f2933", muted: "#52606d", rule: "#9aa5b1", accent: "#1d4e89" } as const;
export const MARGIN = 50;

/** "zh-CN text  English text" for a message key: every label on a certificate is shown in both. */
export function bilingual(key: string, params: Record<string, string | number> = {}): { zh: string; en: string } {
  return { zh: translate("zh-CN", key, params), en: translate("en", key, params) };
}

/** Times are stored in UTC; certificates show China Standard Time, the registry's legal time. */
export function formatCst(d: Date | number): string {
  return `${chinaDateTime(d)} (UTC+8)`;
}

export function formatCstDate(d: Date | number): string {
  return chinaDate(d);
}

async function qrPng(text: string, size = 240): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: "png", width: size, margin: 1, errorCorrectionLevel: "M" });
}

/** Any PNG/JPEG/WebP (or other sharp-readable) image → PNG no larger than maxPx, as viewers see it. */
export async function thumbnailPng(image: Buffer, maxPx = 600): Promise<Buffer> {
  return sharp(image)
    .rotate()
    .resize({ width: maxPx, height: maxPx, fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" }) // the page is white; no alpha mask to embed
    .png()
    .toBuffer();
}

export function heading(doc: Pdf, key: string): void {
  const { zh, en } = bilingual(key);
  doc.font(FONT.bold).fontSize(22).fillColor(COLOR.ink).text(zh, { align: "center" });
  doc.font(FONT.regular).fontSize(13).fillColor(COLOR.muted).text(en, { align: "center" });
  doc.moveDown(0.3);
  doc.fontSize(8).text(`${translate("zh-CN", "certificates.pdf.issuer")} · ${translate("en", "certificates.pdf.issuer")}`, { align: "center" });
  doc.moveDown(0.8);
  rule(doc);
}

export function rule(doc: Pdf): void {
  const y = doc.y;
  doc
    .moveTo(MARGIN, y)
    .lineTo(doc.page.width - MARGIN, y)
    .lineWidth(0.5)
    .strokeColor(COLOR.rule)
    .stroke();
  doc.moveDown(0.6);
}

export function section(doc: Pdf, key: string): void {
  const { zh, en } = bilingual(key);
  doc.moveDown(0.4);
  doc.font(FONT.bold).fontSize(12).fillColor(COLOR.accent).text(`${zh}  ${en}`, MARGIN, doc.y);
  doc.moveDown(0.3);
}

const LABEL_WIDTH = 165;

/** One labelled line: bilingual label on the left, value on the right (wrapped to width). */
export function field(doc: Pdf, key: string, value: string, opts: { mono?: boolean; width?: number } = {}): void {
  const { zh, en } = bilingual(key);
  const y = doc.y;
  const valueWidth = (opts.width ?? doc.page.width - 2 * MARGIN) - LABEL_WIDTH;
  doc
    .font(FONT.regular)
    .fontSize(9)
    .fillColor(COLOR.muted)
    .text(zh, MARGIN, y, { width: LABEL_WIDTH - 8 });
  doc.fontSize(7.5).text(en, { width: LABEL_WIDTH - 8 });
  const labelBottom = doc.y;
  doc
    .font(opts.mono ? FONT.mono : FONT.regular)
    .fontSize(opts.mono ? 8 : 10.5)
    .fillColor(COLOR.ink)
    .text(value || "—", MARGIN + LABEL_WIDTH, y, { width: valueWidth });
  doc.x = MARGIN;
  doc.y = Math.max(labelBottom, doc.y) + 4;
}

/** Starts a new page when fewer than `needed` points are left. */
export function ensureSpace(doc: Pdf, needed: number): void {
  if (doc.y + needed > doc.page.height - MARGIN - 16) doc.addPage(); // 16: the verify footer
}

const QR_SIZE = 72;

/**
 * The verify QR code in the top-right corner of the first page (drawn before the heading, so a
 * certificate stays on one page), and the how-to-verify line as the first page's footer.
 */
export async function verifyMarks(doc: Pdf, verifyUrl: string): Promise<void> {
  const { x, y } = doc;
  doc.image(await qrPng(verifyUrl), doc.page.width - MARGIN - QR_SIZE + 6, MARGIN - 22, { width: QR_SIZE, height: QR_SIZE });
  const { zh, en } = bilingual("certificates.pdf.verifyHint");
  const width = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0; // writing inside the margin must not start a new page
  const top = doc.page.height - MARGIN - 8;
  doc
    .moveTo(MARGIN, top - 6)
    .lineTo(doc.page.width - MARGIN, top - 6)
    .lineWidth(0.5)
    .strokeColor(COLOR.rule)
    .stroke();
  doc.font(FONT.regular).fontSize(7).fillColor(COLOR.muted);
  doc.text(zh, MARGIN, top, { width, lineBreak: false });
  doc.text(en, MARGIN, top + 10, { width, lineBreak: false });
  doc
    .font(FONT.mono)
    .fontSize(7)
    .fillColor(COLOR.accent)
    .text(verifyUrl, MARGIN, top + 20, { width, link: verifyUrl, lineBreak: false });
  doc.page.margins.bottom = bottom;
  doc.fillColor(COLOR.ink);
  doc.x = x;
  doc.y = y;
}

/** Creates an A4 document with the CJK font registered, lets `draw` fill it, returns the bytes. */
export async function renderPdf(meta: { title: string; subject?: string }, draw: (doc: Pdf) => Promise<void> | void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: meta.title, Subject: meta.subject ?? "", Author: "Kilnmark", Creator: "Kilnmark registry" },
    lang: "zh-CN",
    displayTitle: true,
    bufferPages: false,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont(FONT.regular, fontBuffer("regular"));
  doc.registerFont(FONT.bold, fontBuffer("bold"));
  doc.font(FONT.regular);
  await draw(doc);
  doc.end();
  return done;
}
