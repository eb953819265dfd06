import type { PrismaClient } from "@prisma/client";
import { paperWorkTitle, redactWork } from "~/domain/access/sealed-work";
import { paymentReceiptPdf } from "~/domain/documents/payment-receipt-pdf.server";
import { licenseeName } from "~/domain/anchoring/issue-certificates.server";
import { translate } from "~/utils/i18n";
import { bankDetails, type BankDetails } from "./bank-details.server";
import { dealMoneyAccess, receiptNumber } from "./deal-money-access.server";

/**
 * The receipt PDF of one succeeded payment, for the licensee, the work's managers and staff;
 * null (→ 404) for anyone else, an unknown payment, or one not (yet) paid.
 */
export async function paymentReceipt({
  db,
  reference,
  paymentId,
  userId,
  bank = bankDetails(),
  now = new Date(),
}: {
  db: PrismaClient;
  reference: string;
  paymentId: string;
  userId: string;
  bank?: BankDetails | null;
  now?: Date;
}): Promise<{ pdf: Buffer; receiptNumber: string } | null> {
  const money = await dealMoneyAccess({ db, reference, userId });
  if (!money) return null;
  const payment = money.deal.payments.find((p) => p.id === paymentId);
  if (!payment || payment.status !== "succeeded") return null;
  const number = receiptNumber(money, payment.id)!;
  const { deal } = money;
  // A sealed work's title stays sealed on paper too: receipts travel to accountants.
  const title = paperWorkTitle(redactWork(deal.work, "paymentReceipt"));
  const pdf = await paymentReceiptPdf({
    receiptNumber: number,
    amountFen: payment.amountFen,
    feeFen: payment.feeFen,
    payoutFen: payment.payoutFen,
    method: payment.method,
    purpose: payment.purpose,
    receivedAt: payment.receivedOn ?? payment.updatedAt,
    dealReference: deal.reference,
    licenseNumber: deal.licenseNumber,
    workTitleZh: title.zh,
    workTitleEn: title.en,
    registrationNumber: deal.work.registrationNumber ?? "",
    licenseeName: licenseeName(deal.licenseeCompany, deal.licensee.name),
    artisanName: deal.work.ownerName,
    bank,
    issuedAt: now,
  });
  return { pdf, receiptNumber: number };
}
