import { formatYuan } from "~/domain/payments/payout";
import { translate } from "~/utils/i18n";
import { field, formatCst, heading, renderPdf, section } from "./pdf.server";

type PaymentReceiptPdfInput = {
  receiptNumber: string;
  amountFen: number;
  feeFen: number;
  payoutFen: number;
  method: "offline" | "stripe" | string;
  purpose: "upfront" | "royalty" | string;
  receivedAt: Date;
  dealReference: string;
  licenseNumber: string | null;
  workTitleZh: string;
  workTitleEn: string;
  registrationNumber: string;
  licenseeName: string;
  artisanName: string;
  bank: { bankName: string; accountName: string; accountNumber: string } | null;
  issuedAt: Date;
};

const both = (key: string) => `${translate("zh-CN", key)} / ${translate("en", key)}`;

/** A receipt for one succeeded payment, in Chinese and English, with China time. */
export async function paymentReceiptPdf(input: PaymentReceiptPdfInput): Promise<Buffer> {
  return renderPdf(
    {
      title: `${input.receiptNumber} · ${translate("zh-CN", "payments.pdf.receipt.title")} / ${translate("en", "payments.pdf.receipt.title")}`,
      subject: "Kilnmark payment receipt",
    },
    (doc) => {
      heading(doc, "payments.pdf.receipt.title");

      section(doc, "payments.pdf.section.payment");
      field(doc, "payments.pdf.field.receiptNumber", input.receiptNumber);
      field(doc, "payments.pdf.field.amount", `${formatYuan(input.amountFen)} CNY`);
      field(doc, "payments.pdf.field.fee", `${formatYuan(input.feeFen)} CNY`);
      field(doc, "payments.pdf.field.net", `${formatYuan(input.payoutFen)} CNY`);
      field(doc, "payments.pdf.field.purpose", both(`payments.pdf.purpose.${input.purpose}`));
      field(doc, "payments.pdf.field.method", both(`payments.pdf.method.${input.method}`));
      field(doc, "payments.pdf.field.paidAt", formatCst(input.receivedAt));

      section(doc, "payments.pdf.section.deal");
      field(doc, "payments.pdf.field.dealReference", input.dealReference);
      field(doc, "payments.pdf.field.licenseNumber", input.licenseNumber ?? both("payments.pdf.none"));
      field(doc, "payments.pdf.field.work", `${input.workTitleZh}\n${input.workTitleEn}\n${input.registrationNumber}`);
      field(doc, "payments.pdf.field.licensee", input.licenseeName);
      field(doc, "payments.pdf.field.artisan", input.artisanName);

      section(doc, "payments.pdf.section.center");
      field(doc, "payments.pdf.field.center", `${translate("zh-CN", "payments.pdf.center")}\n${translate("en", "payments.pdf.center")}`);
      if (input.bank) {
        field(doc, "payments.pdf.field.accountName", input.bank.accountName);
        field(doc, "payments.pdf.field.bankName", input.bank.bankName);
        field(doc, "payments.pdf.field.accountNumber", input.bank.accountNumber);
      }
      field(doc, "payments.pdf.field.issuedAt", formatCst(input.issuedAt));
    },
  );
}
