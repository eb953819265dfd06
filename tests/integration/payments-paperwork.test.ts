/**
 * Money paperwork (issue 14, item 4): offline settlement needs configured bank details, the
 * licensee's "I have paid" with an optional slip, receipts and payout statements with their
 * access rules, and the PDFs' text read back with poppler's pdftotext.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { completeProfile, createRegisteredWork, terms } from "../setup/factories-licensing";
import { createOffer } from "~/domain/licensing/create-offer.server";
import { requestDeal } from "~/domain/licensing/request-deal.server";
import { approveDeal } from "~/domain/licensing/approve-deal.server";
import { confirmOfflinePayment } from "~/domain/payments/confirm-offline-payment.server";
import { reportPaymentSent } from "~/domain/payments/report-payment-sent.server";
import { paymentReceipt } from "~/domain/payments/payment-receipt.server";
import { paymentSlip } from "~/domain/payments/payment-slip.server";
import { payoutStatement, payoutStatementLines } from "~/domain/payments/payout-statement.server";
import { recordPayout } from "~/domain/payments/record-payout.server";
import { dealMoneyAccess } from "~/domain/payments/deal-money-access.server";
import { slipPath, MAX_SLIP_BYTES } from "~/domain/payments/slip-files.server";
import { bankDetails } from "~/domain/payments/bank-details.server";
import { verifyAuditLog } from "~/domain/audit/verify-audit-log.server";

let t: TestDb;
let artisan: Awaited<ReturnType<typeof createTestUser>>;
let licensee: Awaited<ReturnType<typeof createTestUser>>;
let stranger: Awaited<ReturnType<typeof createTestUser>>;
let officer: Awaited<ReturnType<typeof createTestUser>>;

const BANK = { bankName: "中国工商银行景德镇分行 ICBC Jingdezhen", accountName: "景德镇陶瓷版权交易中心", accountNumber: "1503 2000 0912 3456 789" };

beforeAll(async () => {
  t = await createTestDb();
  artisan = await createTestUser(t.db, "artisan");
  licensee = await createTestUser(t.db, "licensee");
  stranger = await createTestUser(t.db, "licensee");
  officer = await createTestUser(t.db, "officer");
  await completeProfile(t.db, licensee.id, "Tablefine GmbH");
});
afterAll(async () => t.cleanup());

async function requested(upfrontFeeFen = 1_234_567) {
  const work = await createRegisteredWork(t.db, { ownerUserId: artisan.id });
  const offer = await createOffer({ db: t.db, actorId: artisan.id, workId: work.id, terms: terms({ upfrontFeeFen }) });
  return requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms({ upfrontFeeFen }) });
}

async function approved(upfrontFeeFen = 1_234_567) {
  const deal = await requested(upfrontFeeFen);
  const { paymentId } = await approveDeal({ db: t.db, actorId: officer.id, dealId: deal.id, feeBps: 1000, paymentMethod: "offline", bank: BANK });
  return { deal, paymentId: paymentId! };
}

function pdfText(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `kilnmark-pdf-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe("offline settlement needs configured bank details", () => {
  it("refuses to approve for bank transfer without them, and writes nothing", async () => {
    const deal = await requested();
    await expect(approveDeal({ db: t.db, actorId: officer.id, dealId: deal.id, paymentMethod: "offline", bank: null })).rejects.toMatchObject({
      code: "CONFLICT",
      messageKey: "payments.error.offlineDisabled",
    });
    const row = await t.db.deal.findUniqueOrThrow({ where: { id: deal.id }, include: { payments: true } });
    expect(row.status).toBe("requested");
    expect(row.payments).toHaveLength(0);
    expect(await t.db.auditEvent.count({ where: { entityId: deal.id, action: "deal.approved" } })).toBe(0);
  });

  it("still approves card payments and deals with nothing to pay", async () => {
    const card = await requested();
    await expect(approveDeal({ db: t.db, actorId: officer.id, dealId: card.id, paymentMethod: "stripe", bank: null })).resolves.toMatchObject({
      paymentId: expect.any(String),
    });
    const free = await requested(0);
    const r = await approveDeal({ db: t.db, actorId: officer.id, dealId: free.id, paymentMethod: "offline", bank: null });
    expect(r.licenseNumber).toBeTruthy();
  });

  it("reads the test configuration (set by the test database helper) as complete", () => {
    expect(bankDetails()).not.toBeNull();
  });
});

describe('"I have paid"', () => {
  it("without a slip: marks the payment reported, keeps it pending, records an audit event, once", async () => {
    const { deal, paymentId } = await approved();
    const at = new Date("2026-03-02T01:00:00Z");
    await reportPaymentSent({ db: t.db, actorId: licensee.id, paymentId, now: at });
    const p = await t.db.payment.findUniqueOrThrow({ where: { id: paymentId } });
    expect(p).toMatchObject({ status: "pending", reportedPaidAt: at, slipSha256: null });
    const ev = await t.db.auditEvent.findFirstOrThrow({ where: { entityId: paymentId, action: "payment.reported_paid" } });
    expect(JSON.parse(ev.data)).toMatchObject({ reference: deal.reference, amountFen: 1_234_567, slip: null });
    await expect(reportPaymentSent({ db: t.db, actorId: licensee.id, paymentId })).rejects.toMatchObject({ messageKey: "payments.error.alreadyReported" });
    expect((await verifyAuditLog({ db: t.db })).ok).toBe(true);
  });

  it("with a slip: stores it content-addressed and only the licensee and staff may fetch it", async () => {
    const { deal, paymentId } = await approved();
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#3366cc" } })
      .png()
      .toBuffer();
    const r = await reportPaymentSent({ db: t.db, actorId: licensee.id, paymentId, slip: { bytes: png, name: "回单 slip.png" } });
    const sha = (await import("node:crypto")).createHash("sha256").update(png).digest("hex");
    expect(r.slipSha256).toBe(sha);
    expect(fs.readFileSync(slipPath(t.dataDir, sha)).equals(png)).toBe(true);
    const p = await t.db.payment.findUniqueOrThrow({ where: { id: paymentId } });
    expect(p).toMatchObject({ slipSha256: sha, slipMime: "image/png", slipName: "回单 slip.png", slipSizeBytes: png.length });

    const q = { db: t.db, reference: deal.reference, paymentId };
    expect(await paymentSlip({ ...q, userId: licensee.id })).toMatchObject({ sha256: sha, mime: "image/png" });
    expect(await paymentSlip({ ...q, userId: officer.id })).toMatchObject({ sha256: sha });
    expect(await paymentSlip({ ...q, userId: artisan.id })).toBeNull();
    expect(await paymentSlip({ ...q, userId: stranger.id })).toBeNull();

    // A PDF slip is accepted too.
    const second = await approved();
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    await reportPaymentSent({ db: t.db, actorId: licensee.id, paymentId: second.paymentId, slip: { bytes: pdf, name: "slip.pdf" } });
    expect((await t.db.payment.findUniqueOrThrow({ where: { id: second.paymentId } })).slipMime).toBe("application/pdf");
  });

  it("refuses bad slips with nothing recorded and no file left behind", async () => {
    const { paymentId } = await approved();
    const before = fs.existsSync(path.join(t.dataDir, "payment-slips")) ? countFiles(path.join(t.dataDir, "payment-slips")) : 0;
    await expect(
      reportPaymentSent({ db: t.db, actorId: licensee.id, paymentId, slip: { bytes: Buffer.from("hello, not an image"), name: "x.txt" } }),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_MEDIA", messageKey: "payments.error.slipType" });
    // A PNG signature with garbage after it is not an image an officer can open.
    const fakePng = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
    await expect(reportPaymentSent({ db: t.db, actorId: licensee.id, paymentId, slip: { bytes: fakePng, name: "x.png" } })).rejects.toMatchObject({
      code: "UNSUPPORTED_MEDIA",
    });
    const big = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(MAX_SLIP_BYTES)]);
    await expect(reportPaymentSent({ db: t.db, actorId: licensee.id, paymentId, slip: { bytes: big, name: "big.pdf" } })).rejects.toMatchObject({
      code: "TOO_LARGE",
      messageKey: "payments.error.slipTooLarge",
    });
    await expect(reportPaymentSent({ db: t.db, actorId: licensee.id, paymentId, slip: { bytes: Buffer.alloc(0), name: "e.pdf" } })).rejects.toMatchObject({
      code: "BAD_INPUT",
    });
    const after = fs.existsSync(path.join(t.dataDir, "payment-slips")) ? countFiles(path.join(t.dataDir, "payment-slips")) : 0;
    expect(after).toBe(before);
    expect((await t.db.payment.findUniqueOrThrow({ where: { id: paymentId } })).reportedPaidAt).toBeNull();
  });

  it("is the licensee's alone, and only for a pending payment", async () => {
    const { paymentId } = await approved();
    await expect(reportPaymentSent({ db: t.db, actorId: stranger.id, paymentId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(reportPaymentSent({ db: t.db, actorId: artisan.id, paymentId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await confirmOfflinePayment({ db: t.db, actorId: officer.id, paymentId, amountFen: 1_234_567, receivedOn: new Date("2026-03-01T00:00:00Z") });
    await expect(reportPaymentSent({ db: t.db, actorId: licensee.id, paymentId })).rejects.toMatchObject({
      code: "CONFLICT",
      messageKey: "payments.error.notReportable",
    });
  });
});

function countFiles(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1;
  return n;
}

describe("receipts and payout statements", () => {
  it("a receipt only for a succeeded payment, for licensee, managers and staff; its text read back", async () => {
    const { deal, paymentId } = await approved(1_234_567);
    const q = { db: t.db, reference: deal.reference, paymentId, bank: BANK, now: new Date("2026-03-05T16:30:00Z") };
    expect(await paymentReceipt({ ...q, userId: licensee.id })).toBeNull(); // not paid yet
    await reportPaymentSent({ db: t.db, actorId: licensee.id, paymentId });
    await confirmOfflinePayment({ db: t.db, actorId: officer.id, paymentId, amountFen: 1_234_567, receivedOn: new Date("2026-03-04T00:00:00Z") });
    const row = await t.db.deal.findUniqueOrThrow({ where: { id: deal.id } });

    for (const who of [licensee, artisan, officer]) expect(await paymentReceipt({ ...q, userId: who.id })).not.toBeNull();
    expect(await paymentReceipt({ ...q, userId: stranger.id })).toBeNull();
    expect(await paymentReceipt({ ...q, reference: "KM-D-NOPE", userId: officer.id })).toBeNull();
    expect(await paymentReceipt({ ...q, paymentId: "nope", userId: officer.id })).toBeNull();

    const got = (await paymentReceipt({ ...q, userId: licensee.id }))!;
    expect(got.receiptNumber).toBe(`${deal.reference}-R1`);
    expect(got.pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(got.pdf);
    for (const s of [
      "付款收据",
      "Payment Receipt",
      `${deal.reference}-R1`,
      deal.reference,
      row.licenseNumber!,
      "¥12,345.67 CNY",
      "¥1,234.57 CNY",
      "¥11,111.10 CNY", // gross, fee (10 %, half up), net
      "银行转账",
      "Bank transfer",
      BANK.accountNumber,
      "ICBC Jingdezhen",
      "景德镇陶瓷版权交易中心",
      "2026-03-04 08:00 (UTC+8)", // received 2026-03-04 00:00 UTC, shown in China time
      "2026-03-06 00:30 (UTC+8)", // issued
      "Tablefine GmbH",
    ])
      expect(text, s).toContain(s);
    expect(text).not.toMatch(/\(set BANK/);

    // Without configured bank details the receipt names the center but prints no account rows.
    const bare = pdfText((await paymentReceipt({ ...q, bank: null, userId: licensee.id }))!.pdf);
    expect(bare).toContain("Payment Receipt");
    expect(bare).not.toContain(BANK.accountNumber);
    expect(bare).not.toMatch(/Account number/);
  });

  it("payout statement: gross = fee + net in integer fen, managers and staff only", async () => {
    const { deal, paymentId } = await approved(999_999);
    await confirmOfflinePayment({ db: t.db, actorId: officer.id, paymentId, amountFen: 999_999, receivedOn: new Date("2026-03-04T00:00:00Z") });
    const money = (await dealMoneyAccess({ db: t.db, reference: deal.reference, userId: artisan.id }))!;
    expect(money.isManager).toBe(true);
    const { lines, totals } = payoutStatementLines(money);
    expect(lines).toEqual([
      expect.objectContaining({ grossFen: 999_999, feeFen: 100_000, netFen: 899_999, status: "due", receiptNumber: `${deal.reference}-R1` }),
    ]);
    expect(totals).toEqual({ grossFen: 999_999, feeFen: 100_000, netFen: 899_999 }); // 10 % of 9,999.99 rounds half up
    for (const l of lines) for (const v of [l.grossFen, l.feeFen, l.netFen]) expect(Number.isInteger(v)).toBe(true);

    expect(await payoutStatement({ db: t.db, reference: deal.reference, userId: licensee.id })).toBeNull();
    expect(await payoutStatement({ db: t.db, reference: deal.reference, userId: stranger.id })).toBeNull();
    expect(await payoutStatement({ db: t.db, reference: deal.reference, userId: officer.id })).not.toBeNull();
    const text = pdfText((await payoutStatement({ db: t.db, reference: deal.reference, userId: artisan.id }))!.pdf);
    for (const s of ["结算单", "Payout Statement", deal.reference, "¥9,999.99", "¥1,000.00", "¥8,999.99", "待交易中心支付"]) expect(text, s).toContain(s);
  });
});

describe("payout made to the artisan", () => {
  it("an officer records day and bank reference once: audited, on the artisan's statement and PDF, the artisan told", async () => {
    const { deal, paymentId } = await approved(500_000);
    const received = new Date("2026-05-10T00:00:00Z");
    const now = new Date("2026-05-20T04:00:00Z");
    // Not before the licensee's money arrives.
    await expect(
      recordPayout({ db: t.db, actorId: officer.id, paymentId, payoutMadeOn: new Date("2026-05-12T00:00:00Z"), payoutReference: "X", now }),
    ).rejects.toMatchObject({ code: "CONFLICT", messageKey: "payments.error.payoutNotDue" });
    await confirmOfflinePayment({ db: t.db, actorId: officer.id, paymentId, amountFen: 500_000, receivedOn: received, now });
    const audits = () => t.db.auditEvent.count({ where: { entityId: paymentId, action: "payment.payout_made" } });

    // Only staff with payment:confirm; the artisan and the licensee cannot record it.
    for (const who of [artisan, licensee]) {
      await expect(recordPayout({ db: t.db, actorId: who.id, paymentId, payoutMadeOn: received, payoutReference: "X", now })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    // Dates: not before the receipt, not in the future.
    await expect(
      recordPayout({ db: t.db, actorId: officer.id, paymentId, payoutMadeOn: new Date("2026-05-09T00:00:00Z"), payoutReference: "X", now }),
    ).rejects.toMatchObject({ messageKey: "payments.error.payoutBeforeReceipt" });
    await expect(
      recordPayout({ db: t.db, actorId: officer.id, paymentId, payoutMadeOn: new Date("2026-05-21T00:00:00Z"), payoutReference: "X", now }),
    ).rejects.toMatchObject({ messageKey: "payments.error.payoutInFuture" });
    expect(await audits()).toBe(0);

    const done = await recordPayout({
      db: t.db,
      actorId: officer.id,
      paymentId,
      payoutMadeOn: new Date("2026-05-15T00:00:00Z"),
      payoutReference: "  ICBC-20260515-0042 ",
      now,
    });
    expect(done).toEqual({ reference: deal.reference, payoutMadeOn: "2026-05-15", payoutReference: "ICBC-20260515-0042" });
    // Once: a second submit changes nothing.
    await expect(
      recordPayout({ db: t.db, actorId: officer.id, paymentId, payoutMadeOn: new Date("2026-05-16T00:00:00Z"), payoutReference: "again", now }),
    ).rejects.toMatchObject({ code: "CONFLICT", messageKey: "payments.error.payoutNotDue" });
    const row = await t.db.payment.findUniqueOrThrow({ where: { id: paymentId } });
    expect(row.payoutMadeOn?.toISOString()).toBe("2026-05-15T00:00:00.000Z");
    expect(row.payoutReference).toBe("ICBC-20260515-0042");
    expect(await audits()).toBe(1);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { entityId: paymentId, action: "payment.payout_made" } });
    expect(event.actorId).toBe(officer.id);
    expect(JSON.parse(event.data)).toMatchObject({
      reference: deal.reference,
      payoutFen: 450_000,
      payoutMadeOn: "2026-05-15",
      payoutReference: "ICBC-20260515-0042",
    });
    expect((await verifyAuditLog({ db: t.db })).ok).toBe(true);

    // The artisan's statement: status "paid", with the day and reference; totals still count it.
    const money = (await dealMoneyAccess({ db: t.db, reference: deal.reference, userId: artisan.id }))!;
    const { lines, totals } = payoutStatementLines(money);
    expect(lines).toEqual([expect.objectContaining({ status: "paid", netFen: 450_000, payoutReference: "ICBC-20260515-0042" })]);
    expect(totals.netFen).toBe(450_000);
    const text = pdfText((await payoutStatement({ db: t.db, reference: deal.reference, userId: artisan.id }))!.pdf);
    const flat = text.replace(/\s+/g, " ");
    for (const s of ["交易中心已支付", "Paid out on 2026-05-15, reference ICBC-20260515-0042", "已于 2026-05-15 支付，银行流水号 ICBC-20260515-0042"])
      expect(flat, s).toContain(s);
    expect(text).not.toContain("待交易中心支付");
    const note = await t.db.notification.findFirst({ where: { userId: artisan.id, kind: "deal.payoutMade" }, orderBy: { createdAt: "desc" } });
    expect(note?.body).toContain("ICBC-20260515-0042");
    expect(note?.body).toContain("¥4,500.00");
  });
});
