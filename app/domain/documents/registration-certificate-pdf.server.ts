import { translate } from "~/utils/i18n";
import {
  ensureSpace,
  field,
  FONT,
  COLOR,
  formatCst,
  formatCstDate,
  heading,
  MARGIN,
  renderPdf,
  section,
  thumbnailPng,
  verifyMarks,
  bilingual,
} from "./pdf.server";

export type RegistrationCertificatePdfInput = {
  registrationNumber: string;
  titleZh: string;
  titleEn: string;
  ownerName: string;
  authors: string[];
  createdOn?: Date | null;
  registeredAt: Date;
  issuedAt?: Date;
  /** Private registration: no image is printed, only the fingerprints. */
  sealed: boolean;
  /** The front view (PNG/JPEG/WebP); ignored when sealed. */
  frontImage?: Buffer | null;
  views: { kind: string; sha256: string; pdq: string }[];
  signer: string;
  signature?: string | null;
  leaf?: string | null;
  merkleRoot?: string | null;
  anchor?: { chainId: number; txHash: string; blockNumber: number } | null;
  verifyUrl: string;
};

const hex = (h: string) => (h.startsWith("0x") ? h.slice(2) : h).toLowerCase();

export async function registrationCertificatePdf(input: RegistrationCertificatePdfInput): Promise<Buffer> {
  const thumbnail = !input.sealed && input.frontImage ? await thumbnailPng(input.frontImage) : null;
  return renderPdf(
    { title: `${input.registrationNumber} · ${input.titleZh} / ${input.titleEn}`, subject: "Kilnmark certificate of registration" },
    async (doc) => {
      await verifyMarks(doc, input.verifyUrl);
      heading(doc, "certificates.pdf.registration.title");

      section(doc, "certificates.pdf.section.work");
      const top = doc.y;
      const imageBox = 150;
      // With a photo, the text fields run beside it; without, across the page.
      const width = thumbnail ? doc.page.width - 2 * MARGIN - imageBox - 12 : undefined;
      field(doc, "certificates.pdf.field.registrationNumber", input.registrationNumber, { width });
      field(doc, "certificates.pdf.field.titleZh", input.titleZh, { width });
      field(doc, "certificates.pdf.field.titleEn", input.titleEn, { width });
      field(doc, "certificates.pdf.field.owner", input.ownerName, { width });
      field(doc, "certificates.pdf.field.authors", input.authors.join("、"), { width });
      if (input.createdOn) field(doc, "certificates.pdf.field.createdOn", formatCstDate(input.createdOn), { width });
      field(doc, "certificates.pdf.field.registeredAt", formatCst(input.registeredAt), { width });
      field(doc, "certificates.pdf.field.issuedAt", formatCst(input.issuedAt ?? new Date()), { width });
      if (thumbnail) {
        doc.image(thumbnail, doc.page.width - MARGIN - imageBox, top, { fit: [imageBox, imageBox], align: "center", valign: "center" });
        doc.y = Math.max(doc.y, top + imageBox + 6);
      }
      if (input.sealed) {
        const { zh, en } = bilingual("certificates.pdf.sealed");
        doc.moveDown(0.3).font(FONT.bold).fontSize(10).fillColor(COLOR.accent).text(zh, MARGIN, doc.y);
        doc.font(FONT.regular).fontSize(9).text(en);
        doc.fillColor(COLOR.ink);
      }

      section(doc, "certificates.pdf.section.views");
      for (const v of input.views) {
        ensureSpace(doc, 48);
        // The view kind in both languages, like every label of the certificate (not the stored code).
        field(doc, "certificates.pdf.view.kind", `${translate("zh-CN", `works.view.${v.kind}`)} / ${translate("en", `works.view.${v.kind}`)}`);
        doc.font(FONT.mono).fontSize(7).fillColor(COLOR.ink);
        doc.text(`SHA-256  ${hex(v.sha256)}`, MARGIN + 165, doc.y - 2);
        doc.text(`PDQ      ${hex(v.pdq)}`, MARGIN + 165);
        doc.x = MARGIN;
        doc.moveDown(0.4);
      }

      ensureSpace(doc, 140);
      section(doc, "certificates.pdf.section.signature");
      field(doc, "certificates.pdf.field.signer", input.signer, { mono: true });
      if (input.signature) field(doc, "certificates.pdf.field.signature", input.signature, { mono: true });
      if (input.leaf) field(doc, "certificates.pdf.field.leaf", input.leaf, { mono: true });
      if (input.merkleRoot) field(doc, "certificates.pdf.field.batch", input.merkleRoot, { mono: true });
      if (input.anchor) {
        field(doc, "certificates.pdf.field.anchor", `chain ${input.anchor.chainId} · block ${input.anchor.blockNumber}\n${input.anchor.txHash}`, {
          mono: true,
        });
      } else {
        const { zh, en } = bilingual("certificates.pdf.notAnchored");
        field(doc, "certificates.pdf.field.anchor", `${zh} ${en}`);
      }
    },
  );
}
