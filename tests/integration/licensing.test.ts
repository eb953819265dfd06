import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { completeProfile, createRegisteredWork, terms } from "../setup/factories-licensing";
import { createOffer } from "~/domain/licensing/create-offer.server";
import { withdrawOffer } from "~/domain/licensing/withdraw-offer.server";
import { requestDeal } from "~/domain/licensing/request-deal.server";
import { approveDeal } from "~/domain/licensing/approve-deal.server";
import { rejectDeal } from "~/domain/licensing/reject-deal.server";
import { askDealChanges } from "~/domain/licensing/ask-deal-changes.server";
import { resubmitDeal } from "~/domain/licensing/resubmit-deal.server";
import { cancelDeal } from "~/domain/licensing/cancel-deal.server";
import { terminateDeal } from "~/domain/licensing/terminate-deal.server";
import { expireDeals } from "~/domain/licensing/expire-deals.server";
import { computeDealChecks } from "~/domain/licensing/deal-checks.server";
import { fileRoyaltyReport } from "~/domain/licensing/file-royalty-report.server";
import { listOverdueRoyaltyReports } from "~/domain/licensing/overdue-royalty-reports.server";
import { getPublicLicense } from "~/domain/licensing/get-public-license.server";
import { confirmOfflinePayment } from "~/domain/payments/confirm-offline-payment.server";
import { canonicalTerms, termsHash } from "~/domain/licensing/terms";
import { isValidLicenseNumber } from "~/domain/licensing/license-number";
import { verifyAuditLog } from "~/domain/audit/verify-audit-log.server";
import { setOwnershipDispute } from "~/domain/cases/set-ownership-dispute.server";
import { inForceWhere } from "~/domain/licensing/license-standing";
import { nextLicenseNumber } from "~/domain/licensing/activate-deal.server";
import { newDealReference } from "~/domain/licensing/deal-reference.server";

let t: TestDb;
let artisan: Awaited<ReturnType<typeof createTestUser>>;
let licensee: Awaited<ReturnType<typeof createTestUser>>;
let licensee2: Awaited<ReturnType<typeof createTestUser>>;
let officer: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  t = await createTestDb();
  artisan = await createTestUser(t.db, "artisan");
  licensee = await createTestUser(t.db, "licensee");
  licensee2 = await createTestUser(t.db, "licensee");
  officer = await createTestUser(t.db, "officer");
  await completeProfile(t.db, licensee.id);
  await completeProfile(t.db, licensee2.id, "PopClay Toys Ltd.");
});
afterAll(async () => t.cleanup());

async function offerOn(overrides: Parameters<typeof terms>[0] = {}) {
  const work = await createRegisteredWork(t.db, { ownerUserId: artisan.id });
  const offer = await createOffer({ db: t.db, actorId: artisan.id, workId: work.id, terms: terms(overrides) });
  return { work, offer };
}

describe("request → approve → offline settlement → active", () => {
  it("runs the whole path, freezing and hashing the terms and issuing a licence number", async () => {
    const { offer } = await offerOn();
    const narrower = terms({ fields: ["tableware"], territories: ["DE", "FR"], termStart: "2026-02-01", termEnd: "2027-02-01" });
    const deal = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: narrower, message: "Plates for Selb" });
    expect(deal.status).toBe("requested");
    expect(JSON.parse(deal.countries)).toEqual(["DE", "FR"]);

    const checks = await computeDealChecks(t.db, deal);
    expect(checks).toMatchObject({ ok: true, workRegistered: true, profileComplete: true, conflicts: [], openCases: [] });

    const approved = await approveDeal({ db: t.db, actorId: officer.id, dealId: deal.id, feeBps: 1000, paymentMethod: "offline" });
    const row = await t.db.deal.findUniqueOrThrow({ where: { id: deal.id }, include: { payments: true } });
    expect(row.status).toBe("approved");
    expect(row.termsSnapshot).toBe(canonicalTerms(narrower));
    expect(row.termsHash).toBe(termsHash(narrower));
    expect(approved.termsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.feeBps).toBe(1000);
    expect(row.payments).toHaveLength(1);
    // 10% of ¥12,345.50 = ¥1,234.55 exactly
    expect(row.payments[0]).toMatchObject({ purpose: "upfront", status: "pending", amountFen: 1_234_550, feeFen: 123_455, payoutFen: 1_111_095 });

    await expect(
      confirmOfflinePayment({ db: t.db, actorId: officer.id, paymentId: row.payments[0].id, amountFen: 1_234_549, receivedOn: new Date() }),
    ).rejects.toMatchObject({ messageKey: "licensing.error.amountMismatch" });
    await expect(
      confirmOfflinePayment({
        db: t.db,
        actorId: officer.id,
        paymentId: row.payments[0].id,
        amountFen: 1_234_550,
        receivedOn: new Date(Date.now() + 3 * 86_400_000),
      }),
    ).rejects.toMatchObject({ messageKey: "licensing.error.receivedInFuture" });

    const done = await confirmOfflinePayment({
      db: t.db,
      actorId: officer.id,
      paymentId: row.payments[0].id,
      amountFen: 1_234_550,
      receivedOn: new Date("2026-01-20T00:00:00Z"),
    });
    expect(done.status).toBe("active");
    expect(isValidLicenseNumber(done.licenseNumber!)).toBe(true);
    await expect(
      confirmOfflinePayment({ db: t.db, actorId: officer.id, paymentId: row.payments[0].id, amountFen: 1_234_550, receivedOn: new Date() }),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    const pay = await t.db.payment.findUniqueOrThrow({ where: { id: row.payments[0].id } });
    expect(pay).toMatchObject({ status: "succeeded", method: "offline", confirmedById: officer.id });
    const audit = await t.db.auditEvent.findMany({ where: { entityId: { in: [deal.id, pay.id] } }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["deal.requested", "deal.approved", "payment.succeeded", "deal.activated"]);
    expect((await verifyAuditLog({ db: t.db })).ok).toBe(true);
    const notes = await t.db.notification.findMany({ where: { kind: "deal.activated" } });
    expect(new Set(notes.map((n) => n.userId))).toEqual(new Set([licensee.id, artisan.id]));

    const lookup = await getPublicLicense({ db: t.db, licenseNumber: done.licenseNumber!.toLowerCase() });
    expect(lookup).toMatchObject({
      kind: "found",
      license: {
        status: "active",
        licensee: { companyName: "Tablefine GmbH" },
        fields: ["tableware"],
        territories: ["DE", "FR"],
        term: { start: "2026-02-01", end: "2027-02-01", lastDay: "2027-01-31" },
      },
    });
    expect(await getPublicLicense({ db: t.db, licenseNumber: "JDZL-2026-000001-X" })).toEqual({ kind: "invalid" });
  });

  it("numbers licences consecutively within the year", async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { offer } = await offerOn({ upfrontFeeFen: 0, royaltyBps: 0, minimumGuaranteeFen: 0 });
      const d = await requestDeal({
        db: t.db,
        actorId: licensee.id,
        offerId: offer.id,
        terms: terms({ upfrontFeeFen: 0, royaltyBps: 0, minimumGuaranteeFen: 0 }),
      });
      const r = await approveDeal({ db: t.db, actorId: officer.id, dealId: d.id, paymentMethod: "offline" });
      // no upfront fee: nothing to pay, the licence starts on approval
      expect(r.paymentId).toBeNull();
      numbers.push(r.licenseNumber!);
    }
    const serial = (n: string) => Number(n.split("-")[2]);
    expect(serial(numbers[1])).toBe(serial(numbers[0]) + 1);
  });
});

describe("licence standing and numbering in China time", () => {
  it("a licence granted before its term starts is scheduled, not in force, and not counted as in force", async () => {
    const future = { upfrontFeeFen: 0, royaltyBps: 0, minimumGuaranteeFen: 0, termStart: "2031-03-01", termEnd: "2032-03-01" };
    const { offer } = await offerOn(future);
    const d = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms(future) });
    const r = await approveDeal({ db: t.db, actorId: officer.id, dealId: d.id, paymentMethod: "offline" });
    const before = await getPublicLicense({ db: t.db, licenseNumber: r.licenseNumber!, now: new Date("2031-02-28T15:59:59Z") });
    expect(before).toMatchObject({ kind: "found", license: { status: "scheduled" } });
    const during = await getPublicLicense({ db: t.db, licenseNumber: r.licenseNumber!, now: new Date("2031-03-01T00:00:00Z") });
    expect(during).toMatchObject({ kind: "found", license: { status: "active" } });
    const inForceNow = await t.db.deal.count({ where: { ...inForceWhere(new Date("2031-02-01T00:00:00Z")), id: d.id } });
    expect(inForceNow).toBe(0);
    expect(await t.db.deal.count({ where: { ...inForceWhere(new Date("2031-06-01T00:00:00Z")), id: d.id } })).toBe(1);
  });

  it("numbers a licence granted at 00:30 on 1 January in Beijing with the new year", async () => {
    const number = await t.db.$transaction((tx) => nextLicenseNumber(tx, new Date("2026-12-31T16:30:00Z")));
    expect(number).toMatch(/^JDZL-2027-000001-/);
    expect(newDealReference(new Date("2026-12-31T16:30:00Z"))).toMatch(/^KM-D-2027-/);
    expect(newDealReference(new Date("2026-12-31T15:59:00Z"))).toMatch(/^KM-D-2026-/);
  });
});

describe("review decisions", () => {
  it("asks for changes, accepts the resubmission, and refuses requests beyond the offer", async () => {
    const { offer } = await offerOn({ exclusivity: "sole" });
    await expect(requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms({ exclusivity: "exclusive" }) })).rejects.toMatchObject({
      messageKey: "licensing.request.broaderExclusivity",
    });
    await expect(
      requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms({ exclusivity: "sole", territories: ["worldwide"] }) }),
    ).rejects.toMatchObject({
      messageKey: "licensing.request.territoriesOutside",
    });
    const d = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms({ exclusivity: "sole" }) });
    await askDealChanges({ db: t.db, actorId: officer.id, dealId: d.id, reason: "Narrow to the EU" });
    expect((await t.db.deal.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("changes_requested");
    await expect(approveDeal({ db: t.db, actorId: officer.id, dealId: d.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await resubmitDeal({ db: t.db, actorId: licensee.id, dealId: d.id, terms: terms({ exclusivity: "sole", territories: ["eu"] }) });
    const again = await t.db.deal.findUniqueOrThrow({ where: { id: d.id } });
    expect(again.status).toBe("requested");
    expect(JSON.parse(again.countries)).toHaveLength(27);
    await rejectDeal({ db: t.db, actorId: officer.id, dealId: d.id, reason: "Not now" });
    expect((await t.db.deal.findUniqueOrThrow({ where: { id: d.id } })).reviewReason).toBe("Not now");
  });

  it("refuses approval while the licensee's profile is incomplete or an open case disputes the work's ownership; copy reports do not block", async () => {
    const bare = await createTestUser(t.db, "licensee");
    const { work, offer } = await offerOn();
    const d = await requestDeal({ db: t.db, actorId: bare.id, offerId: offer.id, terms: terms() });
    await expect(approveDeal({ db: t.db, actorId: officer.id, dealId: d.id })).rejects.toMatchObject({ messageKey: "licensing.error.profileIncomplete" });

    // A report about a copy of the work names it, but does not hold up licensing it.
    const caseFields = { reporterEmail: "x@example.com", reporterStanding: "public", platform: "taobao", triageDueAt: new Date(), decisionDueAt: new Date() };
    const copyCase = await t.db.infringementCase.create({
      data: { ...caseFields, number: "KM-C-2026-000900", description: "a copy on Taobao", works: { create: { workId: work.id } } },
    });
    const d2 = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms() });
    const checks = await computeDealChecks(t.db, d2);
    expect(checks.openCases).toEqual([]);
    expect(checks.copyCases).toEqual([{ number: copyCase.number, status: "reported" }]);
    expect(checks.ok).toBe(true);
    await expect(approveDeal({ db: t.db, actorId: officer.id, dealId: d2.id, paymentMethod: "offline" })).resolves.toBeTruthy();

    // An officer marks a case as disputing the work's ownership: that one blocks ...
    const dispute = await t.db.infringementCase.create({
      data: { ...caseFields, number: "KM-C-2026-000901", description: "ownership disputed", works: { create: { workId: work.id } } },
    });
    await setOwnershipDispute({ db: t.db, actorId: officer.id, caseId: dispute.id, workId: work.id, disputed: true });
    await expect(setOwnershipDispute({ db: t.db, actorId: licensee.id, caseId: dispute.id, workId: work.id, disputed: false })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const d3 = await requestDeal({ db: t.db, actorId: licensee2.id, offerId: offer.id, terms: terms() });
    expect((await computeDealChecks(t.db, d3)).openCases).toEqual([{ number: dispute.number, status: "reported" }]);
    await expect(approveDeal({ db: t.db, actorId: officer.id, dealId: d3.id })).rejects.toMatchObject({ messageKey: "licensing.error.openCase" });
    await expect(approveDeal({ db: t.db, actorId: officer.id, dealId: d3.id, overrideReason: "   " })).rejects.toMatchObject({
      messageKey: "licensing.error.openCase",
    });
    // ... unless the officer approves over it with a reason, which the audit log keeps.
    await approveDeal({ db: t.db, actorId: officer.id, dealId: d3.id, paymentMethod: "offline", overrideReason: "Claimant withdrew in writing; file pending" });
    const approved = await t.db.auditEvent.findFirstOrThrow({ where: { entityId: d3.id, action: "deal.approved" } });
    expect(JSON.parse(approved.data)).toMatchObject({ overriddenDisputes: { reason: "Claimant withdrew in writing; file pending", cases: [dispute.number] } });
    expect((await verifyAuditLog({ db: t.db })).ok).toBe(true);

    // Closing the dispute lifts the hold.
    await t.db.infringementCase.update({ where: { id: dispute.id }, data: { status: "resolved" } });
    const d4 = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms() });
    expect((await computeDealChecks(t.db, d4)).openCases).toEqual([]);
  });

  it("refuses an overlapping exclusive grant, and a new exclusive over an existing non-exclusive", async () => {
    const { offer } = await offerOn({ exclusivity: "exclusive" });
    const a = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms({ exclusivity: "exclusive", territories: ["DE"] }) });
    const b = await requestDeal({
      db: t.db,
      actorId: licensee2.id,
      offerId: offer.id,
      terms: terms({ exclusivity: "non_exclusive", territories: ["eu"], fields: ["tableware"] }),
    });
    const c = await requestDeal({ db: t.db, actorId: licensee2.id, offerId: offer.id, terms: terms({ exclusivity: "exclusive", territories: ["FR"] }) });
    await approveDeal({ db: t.db, actorId: officer.id, dealId: a.id, paymentMethod: "offline" });
    const checks = await computeDealChecks(t.db, b);
    expect(checks.conflicts).toMatchObject([{ reason: "existing_exclusive", countries: ["DE"], fields: ["tableware"], reference: a.reference }]);
    await expect(approveDeal({ db: t.db, actorId: officer.id, dealId: b.id })).rejects.toMatchObject({
      code: "CONFLICT",
      messageKey: "licensing.conflict.existing_exclusive",
    });
    // FR does not overlap DE: fine
    await approveDeal({ db: t.db, actorId: officer.id, dealId: c.id, paymentMethod: "offline" });
    // and once the DE licence is cancelled the non-exclusive one for the EU still collides with FR
    await cancelDeal({ db: t.db, actorId: licensee.id, dealId: a.id });
    await expect(approveDeal({ db: t.db, actorId: officer.id, dealId: b.id })).rejects.toMatchObject({ messageKey: "licensing.conflict.existing_exclusive" });

    const { offer: o2 } = await offerOn({ exclusivity: "exclusive" });
    const ne = await requestDeal({ db: t.db, actorId: licensee.id, offerId: o2.id, terms: terms({ exclusivity: "non_exclusive" }) });
    const ex = await requestDeal({
      db: t.db,
      actorId: licensee2.id,
      offerId: o2.id,
      terms: terms({ exclusivity: "exclusive", termStart: "2027-06-01", termEnd: "2027-07-01" }),
    });
    await approveDeal({ db: t.db, actorId: officer.id, dealId: ne.id, paymentMethod: "offline" });
    await expect(approveDeal({ db: t.db, actorId: officer.id, dealId: ex.id })).rejects.toMatchObject({
      messageKey: "licensing.conflict.covers_non_exclusive",
    });
  });

  it("approves at most one of two racing exclusive requests in one process", async () => {
    const { offer } = await offerOn({ exclusivity: "exclusive" });
    const reqs = await Promise.all(
      [licensee, licensee2].map((l) => requestDeal({ db: t.db, actorId: l.id, offerId: offer.id, terms: terms({ exclusivity: "exclusive" }) })),
    );
    const results = await Promise.allSettled(reqs.map((d) => approveDeal({ db: t.db, actorId: officer.id, dealId: d.id, paymentMethod: "offline" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.db.deal.count({ where: { offerId: offer.id, status: "approved" } })).toBe(1);
  });
});

/** Runs approveDeal in a separate OS process (its own SQLite connection), starting at `at`. */
function approveInChild(dealId: string, actorId: string, at: number): Promise<{ ok: boolean; error?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/integration/licensing-approve-child.ts"), dealId, actorId, String(at)], {
      env: { ...process.env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.on("error", reject);
    child.on("exit", () => {
      // The child's last JSON line is its answer (other output, e.g. the mailer's log line, may follow).
      const line =
        out
          .trim()
          .split("\n")
          .filter((l) => l.startsWith("{"))
          .at(-1) ?? "";
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`child said: ${out}`));
      }
    });
  });
}

describe("concurrent approvals from separate processes (real SQLite or PostgreSQL)", () => {
  it("never grants two overlapping exclusive licences", async () => {
    const rounds = 3;
    for (let round = 0; round < rounds; round++) {
      const { offer } = await offerOn({ exclusivity: "exclusive" });
      const deals = await Promise.all(
        [licensee, licensee2, licensee].map((l, i) =>
          requestDeal({ db: t.db, actorId: l.id, offerId: offer.id, terms: terms({ exclusivity: i === 2 ? "sole" : "exclusive", fields: ["tableware"] }) }),
        ),
      );
      const at = Date.now() + 2500;
      const results = await Promise.all(deals.map((d) => approveInChild(d.id, officer.id, at)));
      expect(
        results.filter((r) => r.ok),
        JSON.stringify(results),
      ).toHaveLength(1);
      for (const r of results.filter((r) => !r.ok)) expect(r.error).toMatch(/^licensing\.conflict\./);
      expect(await t.db.deal.count({ where: { offerId: offer.id, status: { in: ["approved", "active"] } } })).toBe(1);
    }
  }, 120_000);
});

describe("life of a licence", () => {
  it("expires active deals after their term and lets an officer terminate one", async () => {
    const z = { upfrontFeeFen: 0, royaltyBps: 0, minimumGuaranteeFen: 0, termStart: "2026-01-01", termEnd: "2026-04-01" } as const;
    const { offer } = await offerOn(z);
    const d1 = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms({ ...z, termEnd: "2026-03-01" }) });
    const d2 = await requestDeal({ db: t.db, actorId: licensee2.id, offerId: offer.id, terms: terms(z) });
    for (const d of [d1, d2]) await approveDeal({ db: t.db, actorId: officer.id, dealId: d.id, paymentMethod: "offline" });
    expect(await expireDeals({ db: t.db, now: new Date("2026-02-28T23:59:59Z") })).toBe(0);
    const n1 = (await t.db.deal.findUniqueOrThrow({ where: { id: d1.id } })).licenseNumber!;
    expect(await getPublicLicense({ db: t.db, licenseNumber: n1, now: new Date("2026-03-01T00:00:00Z") })).toMatchObject({ license: { status: "expired" } });
    expect(await expireDeals({ db: t.db, now: new Date("2026-03-01T00:00:00Z") })).toBeGreaterThanOrEqual(1);
    expect((await t.db.deal.findUniqueOrThrow({ where: { id: d1.id } })).status).toBe("expired");
    expect(await t.db.auditEvent.count({ where: { action: "deal.expired", entityId: d1.id, actorId: null } })).toBe(1);

    await expect(terminateDeal({ db: t.db, actorId: licensee.id, dealId: d2.id, reason: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await terminateDeal({ db: t.db, actorId: officer.id, dealId: d2.id, reason: "Counterfeit goods found" });
    expect(await t.db.deal.findUniqueOrThrow({ where: { id: d2.id } })).toMatchObject({ status: "terminated", endReason: "Counterfeit goods found" });
  });
});

describe("royalties", () => {
  it("computes royalties, tops up to the guarantee at year end, and flags overdue reports", async () => {
    const rt = { upfrontFeeFen: 0, royaltyBps: 800, minimumGuaranteeFen: 1_000_000, termStart: "2025-01-01", termEnd: "2027-01-01" } as const;
    const { offer } = await offerOn(rt);
    const d = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms(rt) });
    await approveDeal({ db: t.db, actorId: officer.id, dealId: d.id, feeBps: 1000, paymentMethod: "offline" });
    const now = new Date("2026-01-15T00:00:00Z");
    const overdue = await listOverdueRoyaltyReports({ db: t.db, now });
    expect(overdue.filter((o) => o.dealId === d.id).map((o) => o.periodStart)).toEqual(["2025-01-01", "2025-04-01", "2025-07-01"]);

    await expect(
      fileRoyaltyReport({ db: t.db, actorId: licensee.id, dealId: d.id, periodStart: "2025-04-01", units: 1, netSalesFen: 1, now }),
    ).rejects.toMatchObject({
      messageKey: "licensing.error.earlierPeriodMissing",
    });
    await expect(
      fileRoyaltyReport({ db: t.db, actorId: licensee2.id, dealId: d.id, periodStart: "2025-01-01", units: 1, netSalesFen: 1, now }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      fileRoyaltyReport({ db: t.db, actorId: artisan.id, dealId: d.id, periodStart: "2025-01-01", units: 1, netSalesFen: 1, now }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    // 8% of ¥12,345.67 = ¥987.6536 → 98,765 fen
    const q1 = await fileRoyaltyReport({
      db: t.db,
      actorId: licensee.id,
      dealId: d.id,
      periodStart: "2025-01-01",
      units: 300,
      netSalesFen: 1_234_567,
      now,
      paymentMethod: "offline",
    });
    expect(q1.report).toMatchObject({ royaltyDueFen: 98_765, topUpFen: 0, status: "filed" });
    const p1 = await t.db.payment.findUniqueOrThrow({ where: { id: q1.paymentId! } });
    expect(p1).toMatchObject({ purpose: "royalty", amountFen: 98_765, feeFen: 9_877, payoutFen: 88_888 });
    await expect(
      fileRoyaltyReport({ db: t.db, actorId: licensee.id, dealId: d.id, periodStart: "2025-01-01", units: 1, netSalesFen: 1, now }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await fileRoyaltyReport({ db: t.db, actorId: licensee.id, dealId: d.id, periodStart: "2025-04-01", units: 0, netSalesFen: 0, now });
    await fileRoyaltyReport({ db: t.db, actorId: licensee.id, dealId: d.id, periodStart: "2025-07-01", units: 10, netSalesFen: 100_000, now });
    const q4 = await fileRoyaltyReport({ db: t.db, actorId: licensee.id, dealId: d.id, periodStart: "2025-10-01", units: 10, netSalesFen: 100_000, now });
    // year royalties 98,765 + 0 + 8,000 + 8,000 = 114,765; guarantee 1,000,000 → top-up 885,235
    expect(q4.report).toMatchObject({ royaltyDueFen: 8_000, topUpFen: 885_235 });
    expect(q4.totalFen).toBe(893_235);
    await expect(
      fileRoyaltyReport({ db: t.db, actorId: licensee.id, dealId: d.id, periodStart: "2026-01-01", units: 1, netSalesFen: 1, now }),
    ).rejects.toMatchObject({
      messageKey: "licensing.error.periodNotEnded",
    });
    expect((await listOverdueRoyaltyReports({ db: t.db, now })).filter((o) => o.dealId === d.id)).toEqual([]);

    await confirmOfflinePayment({ db: t.db, actorId: officer.id, paymentId: q1.paymentId!, amountFen: 98_765, receivedOn: now, now });
    expect((await t.db.royaltyReport.findUniqueOrThrow({ where: { id: q1.report.id } })).status).toBe("paid");
  });
});

describe("permissions per use-case", () => {
  it("lets only owners publish and withdraw, licensees request, officers review and confirm", async () => {
    const stranger = await createTestUser(t.db, "artisan");
    const work = await createRegisteredWork(t.db, { ownerUserId: artisan.id });
    await expect(createOffer({ db: t.db, actorId: stranger.id, workId: work.id, terms: terms() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createOffer({ db: t.db, actorId: licensee.id, workId: work.id, terms: terms() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const draft = await t.db.work.create({ data: { titleZh: "草稿", category: "vase", ownerUserId: artisan.id, ownerName: "x", createdById: artisan.id } });
    await expect(createOffer({ db: t.db, actorId: artisan.id, workId: draft.id, terms: terms() })).rejects.toMatchObject({
      messageKey: "licensing.error.workNotRegistered",
    });

    const offer = await createOffer({ db: t.db, actorId: artisan.id, workId: work.id, terms: terms() });
    await expect(requestDeal({ db: t.db, actorId: artisan.id, offerId: offer.id, terms: terms() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const d = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms() });
    await expect(approveDeal({ db: t.db, actorId: licensee.id, dealId: d.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(approveDeal({ db: t.db, actorId: artisan.id, dealId: d.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(rejectDeal({ db: t.db, actorId: licensee.id, dealId: d.id, reason: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(cancelDeal({ db: t.db, actorId: licensee2.id, dealId: d.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { paymentId } = await approveDeal({ db: t.db, actorId: officer.id, dealId: d.id, paymentMethod: "offline" });
    await expect(
      confirmOfflinePayment({ db: t.db, actorId: licensee.id, paymentId: paymentId!, amountFen: 1_234_550, receivedOn: new Date() }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    await expect(withdrawOffer({ db: t.db, actorId: stranger.id, offerId: offer.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await withdrawOffer({ db: t.db, actorId: artisan.id, offerId: offer.id });
    await expect(requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms() })).rejects.toMatchObject({
      messageKey: "licensing.error.offerNotFound",
    });
  });

  it("lets a member of the owning studio publish offers on the studio's work", async () => {
    const owner = await createTestUser(t.db, "artisan");
    const member = await createTestUser(t.db, "artisan");
    const org = await t.db.organization.create({
      data: {
        kind: "studio",
        name: "青花坊",
        memberships: {
          create: [
            { userId: owner.id, role: "owner" },
            { userId: member.id, role: "member" },
          ],
        },
      },
    });
    const work = await createRegisteredWork(t.db, { ownerOrgId: org.id });
    await expect(createOffer({ db: t.db, actorId: member.id, workId: work.id, terms: terms() })).resolves.toMatchObject({ status: "published" });
  });
});
