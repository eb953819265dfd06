import type { PrismaClient } from "@prisma/client";
import { paperWorkTitle, redactWork } from "~/domain/access/sealed-work";
import { payoutStatementPdf } from "~/domain/documents/payout-statement-pdf.server";
import { licenseeName } from "~/domain/anchoring/issue-certificates.server";
import { translate } from "~/utils/i18n";
import { dealMoneyAccess, receiptNumber, type DealMoney } from "./deal-money-access.server";
import { payoutLine, payoutTotals } from "./payout";

/** The artisan's view of a deal's money: one line per payment (gross, fee, net, payout status). */
export function payoutStatementLines(money: DealMoney) {
  const lines = money.deal.payments.map((p) => ({
    paymentId: p.id,
    receiptNumber: receiptNumber(money, p.id)!,
    purpose: p.purpose,
    date: p.receivedOn ?? null,
    payoutMadeOn: p.payoutMadeOn ?? null,
    payoutReference: p.payoutReference ?? null,
    ...payoutLine(p),
  }));
  return { lines, totals: payoutTotals(lines) };
}

/** The payout statement PDF, for the work's managers and staff only (null → 404 for anyone else). */
export async function payoutStatement({ db, reference, userId, now = new Date() }: { db: PrismaClient; reference: string; userId: string; now?: Date }) {
  const money = await dealMoneyAccess({ db, reference, userId });
  if (!money || !(money.isManager || money.isStaff)) return null;
  const { deal } = money;
  const title = paperWorkTitle(redactWork(deal.work, "payoutStatement"));
  const { lines, totals } = payoutStatementLines(money);
  const pdf = await payoutStatementPdf({
    dealReference: deal.reference,
    licenseNumber: deal.licenseNumber,
    workTitleZh: title.zh,
    workTitleEn: title.en,
    artisanName: deal.work.ownerName,
    licenseeName: licenseeName(deal.licenseeCompany, deal.licensee.name),
    lines,
    totals,
    issuedAt: now,
  });
  return { pdf, reference: deal.reference };
}
