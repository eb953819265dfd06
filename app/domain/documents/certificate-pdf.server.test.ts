import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { licenseCertificatePdf } from "./license-certificate-pdf.server";
import { cjkFontPath } from "./pdf.server";
import { registrationCertificatePdf, type RegistrationCertificatePdfInput } from "./registration-certificate-pdf.server";

const has = (bin: string) => spawnSync("sh", ["-c", `command -v ${bin}`]).status === 0;
const POPPLER = has("pdftotext") && has("pdffonts") && has("pdftoppm");
if (!POPPLER) console.warn("poppler-utils (pdftotext/pdffonts/pdftoppm) not installed: PDF rendering checks are skipped (apt-get install poppler-utils)");

let dir: string;
beforeAll(() => void (dir = mkdtempSync(path.join(tmpdir(), "kilnmark-pdf-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Image XObjects drawn on the page; an image's alpha channel is a separate /SMask image, not counted.
const imageCount = (pdf: Buffer) => {
  const s = pdf.toString("latin1");
  return (s.match(/\/Subtype \/Image/g) ?? []).length - (s.match(/\/SMask \d+ 0 R/g) ?? []).length;
};

function baseInput(frontImage: Buffer | null): RegistrationCertificatePdfInput {
  return {
    registrationNumber: "JDZ-2026-000123",
    titleZh: "青花缠枝莲纹梅瓶",
    titleEn: "Blue-and-white lotus scroll meiping vase",
    ownerName: "景德镇青云陶瓷工作室",
    authors: ["王青云", "Li Mei"],
    createdOn: new Date("2026-03-01T00:00:00Z"),
    registeredAt: new Date("2026-11-28T08:00:00Z"),
    issuedAt: new Date("2026-11-28T08:05:00Z"),
    sealed: false,
    frontImage,
    views: [
      { kind: "front", sha256: "ab".repeat(32), pdq: "cd".repeat(32) },
      { kind: "base_mark", sha256: "0x" + "ef".repeat(32), pdq: "01".repeat(32) },
    ],
    signer: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    signature: "0x" + "9a".repeat(65),
    leaf: "0x" + "11".repeat(32),
    merkleRoot: "0x" + "22".repeat(32),
    anchor: { chainId: 31337, txHash: "0x" + "33".repeat(32), blockNumber: 42 },
    verifyUrl: "https://kilnmark.example/verify/JDZ-2026-000123",
  };
}

async function webpPhoto(): Promise<Buffer> {
  // A blue-on-white "vase" made here, so the test needs no fixture: WebP input must become PNG.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="600"><rect width="400" height="600" fill="#fff"/><ellipse cx="200" cy="330" rx="140" ry="220" fill="#1d4e89"/></svg>`;
  return sharp(Buffer.from(svg)).webp().toBuffer();
}

describe("registration certificate PDF", () => {
  it("resolves the CJK font from @embedpdf/fonts-sc", () => {
    expect(readFileSync(cjkFontPath()).subarray(0, 4).toString("latin1")).toBe("OTTO"); // CFF-flavoured OpenType
  });

  it("is a PDF with the front-view thumbnail, the QR code and an embedded CJK font", async () => {
    const pdf = await registrationCertificatePdf(baseInput(await webpPhoto()));
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(imageCount(pdf)).toBe(2); // thumbnail + QR
    expect(pdf.toString("latin1")).toMatch(/\/FontFile3|\/FontFile2/); // font program embedded
    expect(pdf.length).toBeLessThan(1_500_000); // subset, not the 8 MB font
    writeFileSync(path.join(dir, "reg.pdf"), pdf);
  });

  it("a sealed work prints no image of the work, only its fingerprints", async () => {
    const pdf = await registrationCertificatePdf({ ...baseInput(await webpPhoto()), sealed: true, anchor: null });
    expect(imageCount(pdf)).toBe(1); // the QR code only
    writeFileSync(path.join(dir, "sealed.pdf"), pdf);
  });

  it.skipIf(!POPPLER)("Chinese text is extractable, the font embedded, page 1 renders (poppler)", async () => {
    const file = path.join(dir, "reg.pdf");
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    for (const s of [
      "作品登记证书",
      "Certificate of Registration",
      "青花缠枝莲纹梅瓶",
      "景德镇青云陶瓷工作室",
      "JDZ-2026-000123",
      "著作权人",
      "ab".repeat(32),
      "2026-11-28 16:00 (UTC+8)",
    ]) {
      expect(text).toContain(s);
    }
    // view kinds are named, not printed as stored codes
    expect(text).not.toMatch(/\bbase_mark\b/);
    expect(text).toContain("底款 / Base mark");
    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
    expect(fonts).toMatch(/NotoSansHans/);
    expect(
      fonts
        .split("\n")
        .filter((l) => l.includes("NotoSansHans"))
        .every((l) => /\byes\s+yes\b/.test(l)),
    ).toBe(true); // emb, sub
    execFileSync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", file, path.join(dir, "page")]);
    const png = readFileSync(path.join(dir, "page-1.png"));
    const stats = await sharp(png).stats();
    const meta = await sharp(png).metadata();
    expect(meta.width).toBeGreaterThan(380); // A4 at 50 dpi ≈ 413 × 585
    // Not blank: ink (text, the blue thumbnail) darkens parts of the page.
    expect(Math.min(...stats.channels.slice(0, 3).map((c) => c.min))).toBeLessThan(80);
    const sealedText = execFileSync("pdftotext", [path.join(dir, "sealed.pdf"), "-"], { encoding: "utf8" });
    expect(sealedText).toContain("私密登记");
    expect(sealedText).toContain("尚未在区块链上存证");
  });
});

describe("license certificate PDF", () => {
  it("renders license number, work, licensee, terms and term", async () => {
    const pdf = await licenseCertificatePdf({
      licenseNumber: "LIC-2026-000007",
      registrationNumber: "JDZ-2026-000123",
      workTitleZh: "青花缠枝莲纹梅瓶",
      workTitleEn: "Blue-and-white lotus scroll meiping vase",
      licensorName: "景德镇青云陶瓷工作室",
      licenseeName: "Pop Ceramics Ltd 泡泡陶瓷",
      termsLines: [
        "独占许可 · Exclusive",
        "领域：潮玩 · Field: designer toys",
        "销售地域：中国、新加坡 · Sales territory: CN, SG",
        "提成 8% · Royalty 8% of net sales",
      ],
      termStart: new Date("2027-01-01T00:00:00Z"),
      // stored exclusive: the first day no longer licensed; the PDF prints the last licensed day
      termEnd: new Date("2030-01-01T00:00:00Z"),
      issuedAt: new Date("2026-12-01T02:00:00Z"),
      signer: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      leaf: "0x" + "44".repeat(32),
      verifyUrl: "https://kilnmark.example/verify/LIC-2026-000007",
    });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(imageCount(pdf)).toBe(1);
    if (!POPPLER) return;
    const file = path.join(dir, "lic.pdf");
    writeFileSync(file, pdf);
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
    for (const s of ["许可证书", "License Certificate", "LIC-2026-000007", "泡泡陶瓷", "领域：潮玩", "2027-01-01 – 2029-12-31", "被许可人"]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain("2030-01-01");
  });
});
