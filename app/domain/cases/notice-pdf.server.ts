/**
 * The takedown notice an officer sends to a platform: one bilingual (zh + en) A4 PDF naming the
 * listing, the registered works with their certificate verification links, the evidence with
 * SHA-256 hashes, the automatic matches and the officer's signature block.
 */
import { redactWork } from "~/domain/access/sealed-work";
import type { PrismaClient } from "@prisma/client";
import { COLOR, FONT, MARGIN, bilingual, ensureSpace, field, formatCst, heading, renderPdf, section } from "~/domain/documents/pdf.server";
import { DomainError } from "~/domain/errors";
import { translate } from "~/utils/i18n";
import type { Platform } from "./platforms";

function paragraph(doc: PDFKit.PDFDocument, key: string, params: Record<string, string | number> = {}) {
  const { zh, en } = bilingual(key, params);
  const width = doc.page.width - 2 * MARGIN;
  ensureSpace(doc, 60);
  doc.font(FONT.regular).fontSize(10).fillColor(COLOR.ink).text(zh, MARGIN, doc.y, { width });
  doc.moveDown(0.2);
  doc.fontSize(9).fillColor(COLOR.muted).text(en, MARGIN, doc.y, { width });
  doc.moveDown(0.5);
}

export async function noticePdf({
  db,
  caseId,
  platform,
  sentTo,
  officerName,
  origin,
  now,
}: {
  db: PrismaClient;
  caseId: string;
  platform: Platform;
  sentTo: string;
  officerName: string;
  origin: string;
  now: Date;
}): Promise<Buffer> {
  const kase = await db.infringementCase.findUnique({
    where: { id: caseId },
    include: {
      works: {
        include: {
          work: { select: { id: true, registrationNumber: true, titleZh: true, titleEn: true, ownerName: true, registeredAt: true, visibility: true } },
        },
      },
      evidence: { orderBy: { createdAt: "asc" } },
      matches: { include: { work: { select: { registrationNumber: true } }, view: { select: { kind: true } } }, orderBy: { distance: "asc" } },
    },
  });
  if (!kase) throw new DomainError("NOT_FOUND", "cases.error.notFound");
  const platformName = `${translate("zh-CN", `cases.platform.${platform}`)} / ${translate("en", `cases.platform.${platform}`)}`;
  return renderPdf({ title: `${kase.number} · ${translate("en", "cases.noticePdf.title")}`, subject: "Kilnmark takedown notice" }, async (doc) => {
    heading(doc, "cases.noticePdf.title");
    field(doc, "cases.noticePdf.to", sentTo ? `${platformName}\n${sentTo}` : platformName);
    field(doc, "cases.noticePdf.caseNumber", kase.number, { mono: true });
    field(doc, "cases.noticePdf.date", formatCst(now));

    section(doc, "cases.noticePdf.section.listing");
    field(doc, "cases.noticePdf.url", kase.url || "—", { mono: true });
    field(doc, "cases.noticePdf.seller", kase.sellerId || "—");

    section(doc, "cases.noticePdf.section.works");
    for (const { work } of kase.works) {
      ensureSpace(doc, 90);
      const n = work.registrationNumber ?? "";
      const face = redactWork(work, "caseNotice");
      const title = face.title ? `${face.title.zh}\n${face.title.en}` : `${translate("zh-CN", "cases.sealedWork")} / ${translate("en", "cases.sealedWork")}`;
      field(doc, "cases.noticePdf.registrationNumber", n, { mono: true });
      field(doc, "cases.noticePdf.workTitle", title);
      field(doc, "cases.noticePdf.owner", work.ownerName);
      if (work.registeredAt) field(doc, "cases.noticePdf.registeredAt", formatCst(work.registeredAt));
      field(doc, "cases.noticePdf.verifyAt", `${origin}/works/${n}\n${origin}/verify`, { mono: true });
      doc.moveDown(0.3);
    }

    section(doc, "cases.noticePdf.section.request");
    paragraph(doc, "cases.noticePdf.requestText", { platform: platformName });

    section(doc, "cases.noticePdf.section.evidence");
    const width = doc.page.width - 2 * MARGIN;
    kase.evidence.forEach((e, i) => {
      ensureSpace(doc, 40);
      doc
        .font(FONT.regular)
        .fontSize(9)
        .fillColor(COLOR.ink)
        .text(`${i + 1}. ${e.originalName || e.mime} · ${e.mime} · ${e.sizeBytes} bytes · ${formatCst(e.createdAt)}`, MARGIN, doc.y, { width });
      doc
        .font(FONT.mono)
        .fontSize(8)
        .fillColor(COLOR.muted)
        .text(`SHA-256 ${e.sha256}`, MARGIN + 12, doc.y, { width: width - 12 });
      doc.moveDown(0.3);
    });
    if (!kase.evidence.length) doc.font(FONT.regular).fontSize(9).text("—", MARGIN, doc.y);

    if (kase.matches.length) {
      section(doc, "cases.noticePdf.section.matches");
      for (const m of kase.matches.slice(0, 20)) {
        ensureSpace(doc, 20);
        const verdict = `${translate("zh-CN", `cases.verdict.${m.verdict}`)} / ${translate("en", `cases.verdict.${m.verdict}`)}`;
        doc
          .font(FONT.regular)
          .fontSize(9)
          .fillColor(COLOR.ink)
          .text(`${m.work.registrationNumber ?? ""} · ${m.view.kind} · PDQ ${m.distance}/256 · ${verdict}`, MARGIN, doc.y, { width });
      }
    }

    ensureSpace(doc, 150);
    section(doc, "cases.noticePdf.section.signature");
    field(doc, "cases.noticePdf.officer", officerName);
    field(doc, "cases.noticePdf.issuer", `${translate("zh-CN", "cases.noticePdf.issuerName")}\n${translate("en", "cases.noticePdf.issuerName")}`);
    doc.moveDown(1.5);
    const y = doc.y;
    doc
      .moveTo(MARGIN + 165, y)
      .lineTo(MARGIN + 400, y)
      .lineWidth(0.5)
      .strokeColor(COLOR.rule)
      .stroke();
    doc
      .font(FONT.regular)
      .fontSize(8)
      .fillColor(COLOR.muted)
      .text(`${translate("zh-CN", "cases.noticePdf.signHere")} / ${translate("en", "cases.noticePdf.signHere")}`, MARGIN + 165, y + 4);
  });
}
