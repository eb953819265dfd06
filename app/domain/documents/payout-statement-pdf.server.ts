import { formatYuan, type PayoutLine } from "~/domain/payments/payout";
import { translate } from "~/utils/i18n";
import { COLOR, FONT, MARGIN, ensureSpace, field, formatCst, formatCstDate, heading, renderPdf, section } from "./pdf.server";

type PayoutStatementPdfInput = {
  dealReference: string;
  licenseNumber: string | null;
  workTitleZh: string;
  workTitleEn: string;
  artisanName: string;
  licenseeName: string;
  lines: Array<PayoutLine & { receiptNumber: string; purpose: string; date: Date | null; payoutMadeOn?: Date | null; payoutReference?: string | null }>;
  totals: { grossFen: number; feeFen: number; netFen: number };
  issuedAt: Date;
};

const both = (key: string) => `${translate("zh-CN", key)} / ${translate("en", key)}`;

/** The artisan's payout statement for one deal: per payment gross, fee, net and payout status. */
export async function payoutStatementPdf(input: PayoutStatementPdfInput): Promise<Buffer> {
  return renderPdf(
    {
      title: `${input.dealReference} · ${translate("zh-CN", "payments.pdf.statement.title")} / ${translate("en", "payments.pdf.statement.title")}`,
      subject: "Kilnmark payout statement",
    },
    (doc) => {
      heading(doc, "payments.pdf.statement.title");
      section(doc, "payments.pdf.section.deal");
      field(doc, "payments.pdf.field.dealReference", input.dealReference);
      field(doc, "payments.pdf.field.licenseNumber", input.licenseNumber ?? both("payments.pdf.none"));
      field(doc, "payments.pdf.field.work", `${input.workTitleZh}\n${input.workTitleEn}`);
      field(doc, "payments.pdf.field.artisan", input.artisanName);
      field(doc, "payments.pdf.field.licensee", input.licenseeName);

      section(doc, "payments.pdf.section.payouts");
      const cols = [0, 95, 185, 270, 345, 420];
      const head = [
        "payments.pdf.field.receiptNumber",
        "payments.pdf.field.purpose",
        "payments.payout.gross",
        "payments.payout.fee",
        "payments.payout.net",
        "payments.payout.status",
      ];
      const row = (cells: string[], opts: { bold?: boolean; size?: number } = {}) => {
        ensureSpace(doc, 30);
        const y = doc.y;
        let bottom = y;
        cells.forEach((c, i) => {
          const width = (i + 1 < cols.length ? cols[i + 1] : doc.page.width - 2 * MARGIN) - cols[i] - 6;
          doc
            .font(opts.bold ? FONT.bold : FONT.regular)
            .fontSize(opts.size ?? 8.5)
            .fillColor(COLOR.ink)
            .text(c, MARGIN + cols[i], y, { width });
          bottom = Math.max(bottom, doc.y);
        });
        doc.x = MARGIN;
        doc.y = bottom + 4;
      };
      row(
        head.map((k) => `${translate("zh-CN", k)}\n${translate("en", k)}`),
        { bold: true, size: 7.5 },
      );
      for (const l of input.lines) {
        row([
          `${l.receiptNumber}${l.date ? `\n${formatCstDate(l.date)}` : ""}`,
          both(`payments.pdf.purpose.${l.purpose}`),
          formatYuan(l.grossFen),
          formatYuan(l.feeFen),
          formatYuan(l.netFen),
          both(`payments.payout.status.${l.status}`),
        ]);
        if (l.payoutMadeOn) {
          const params = { date: formatCstDate(l.payoutMadeOn), reference: l.payoutReference ?? "" };
          doc
            .font(FONT.regular)
            .fontSize(8)
            .fillColor(COLOR.ink)
            .text(`${translate("zh-CN", "payments.payout.madeOn", params)} / ${translate("en", "payments.payout.madeOn", params)}`, MARGIN + cols[1], doc.y, {
              width: doc.page.width - 2 * MARGIN - cols[1],
            });
          doc.x = MARGIN;
          doc.moveDown(0.3);
        }
      }
      doc.moveDown(0.4);
      field(
        doc,
        "payments.pdf.field.totals",
        `${formatYuan(input.totals.grossFen)} / ${formatYuan(input.totals.feeFen)} / ${formatYuan(input.totals.netFen)} CNY`,
      );
      field(doc, "payments.pdf.field.issuedAt", formatCst(input.issuedAt));
    },
  );
}
