import { DAY_MS, isoDay } from "~/domain/licensing/iso-day";
import { field, formatCst, heading, renderPdf, section, verifyMarks, FONT, COLOR, MARGIN, ensureSpace } from "./pdf.server";

type LicenseCertificatePdfInput = {
  licenseNumber: string;
  registrationNumber: string;
  workTitleZh: string;
  workTitleEn: string;
  licensorName: string;
  licenseeName: string;
  /** Plain-words summary of the terms, already rendered by licensing (one line each, any language). */
  termsLines: string[];
  termStart: Date;
  termEnd: Date;
  issuedAt: Date;
  signer: string;
  signature?: string | null;
  leaf?: string | null;
  verifyUrl: string;
};

export async function licenseCertificatePdf(input: LicenseCertificatePdfInput): Promise<Buffer> {
  return renderPdf({ title: `${input.licenseNumber} · ${input.workTitleZh} / ${input.workTitleEn}`, subject: "Kilnmark license certificate" }, async (doc) => {
    await verifyMarks(doc, input.verifyUrl);
    heading(doc, "certificates.pdf.license.title");

    section(doc, "certificates.pdf.section.license");
    field(doc, "certificates.pdf.field.licenseNumber", input.licenseNumber);
    field(doc, "certificates.pdf.field.work", `${input.workTitleZh}\n${input.workTitleEn}\n${input.registrationNumber}`);
    field(doc, "certificates.pdf.field.licensor", input.licensorName);
    field(doc, "certificates.pdf.field.licensee", input.licenseeName);
    // Terms are calendar days; the stored end is exclusive, people read the last licensed day.
    field(doc, "certificates.pdf.field.term", `${isoDay(input.termStart.getTime())} – ${isoDay(input.termEnd.getTime() - DAY_MS)}`);
    field(doc, "certificates.pdf.field.issuedAt", formatCst(input.issuedAt));

    section(doc, "certificates.pdf.section.terms");
    doc.font(FONT.regular).fontSize(10).fillColor(COLOR.ink);
    for (const line of input.termsLines) {
      ensureSpace(doc, 30);
      doc.text(`•  ${line}`, MARGIN + 10, doc.y, { width: doc.page.width - 2 * MARGIN - 10 });
      doc.moveDown(0.2);
    }
    doc.x = MARGIN;

    ensureSpace(doc, 120);
    section(doc, "certificates.pdf.section.signature");
    field(doc, "certificates.pdf.field.signer", input.signer, { mono: true });
    if (input.signature) field(doc, "certificates.pdf.field.signature", input.signature, { mono: true });
    if (input.leaf) field(doc, "certificates.pdf.field.leaf", input.leaf, { mono: true });
  });
}
