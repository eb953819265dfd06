import { spawnSync } from "node:child_process";
import { viewRowFromImage } from "~/domain/registry/view-row";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Work } from "@prisma/client";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { completeProfile, createRegisteredWork, terms } from "../setup/factories-licensing";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { ingestImage, publishRenditions } from "~/domain/imaging/ingest-image.server";
import { indexWorkViews } from "~/domain/registry/view-index.server";
import { openCase } from "~/domain/cases/open-case.server";
import { requestEmailCode } from "~/domain/cases/request-email-code.server";
import { transitionCase } from "~/domain/cases/transition-case.server";
import { sendNotice } from "~/domain/cases/send-notice.server";
import { addCaseMessage } from "~/domain/cases/add-case-message.server";
import { addEvidence } from "~/domain/cases/add-evidence.server";
import { answerCase } from "~/domain/cases/answer-case.server";
import { assignCase } from "~/domain/cases/assign-case.server";
import { setCaseRespondent } from "~/domain/cases/set-case-respondent.server";
import { getCaseView } from "~/domain/cases/get-case-view.server";
import { buildCasePackage } from "~/domain/cases/build-case-package.server";
import { checkCaseLicense } from "~/domain/cases/check-case-license.server";
import { caseStats, caseStatsCsv } from "~/domain/cases/case-stats.server";
import { flagOverdueCases } from "~/domain/cases/flag-overdue-cases.server";
import { proposeWorksForPhoto } from "~/domain/cases/find-works-to-report.server";
import { createOffer } from "~/domain/licensing/create-offer.server";
import { requestDeal } from "~/domain/licensing/request-deal.server";
import { approveDeal } from "~/domain/licensing/approve-deal.server";
import { confirmOfflinePayment } from "~/domain/payments/confirm-offline-payment.server";
import { verifyAuditLog } from "~/domain/audit/verify-audit-log.server";
import { readOutbox } from "~/utils/mailer.server";

let t: TestDb;
type U = Awaited<ReturnType<typeof createTestUser>>;
let owner: U, reporter: U, accused: U, officer: U, other: U, licensee: U;
let work: Work;
let sealedWork: Work;
let registeredPng: Buffer;

/** A platform copy: cropped 2% on each side, resized and recompressed as JPEG. */
async function suspectCopy(png: Uint8Array, quality = 70): Promise<Buffer> {
  const img = sharp(png);
  const { width, height } = await img.metadata();
  const dx = Math.round(width! * 0.02);
  const dy = Math.round(height! * 0.02);
  return sharp(png)
    .extract({ left: dx, top: dy, width: width! - 2 * dx, height: height! - 2 * dy })
    .resize(640)
    .jpeg({ quality })
    .toBuffer();
}

async function addViews(w: Work, seed: number) {
  const bytes = await generateCeramicImage(seed, "blue-and-white");
  const img = await ingestImage({ dataDir: t.dataDir, bytes });
  const view = await t.db.workView.create({
    data: {
      workId: w.id,
      kind: "front",
      ...viewRowFromImage(img),
    },
  });
  await publishRenditions(t.dataDir, [img]); // as registration does after its commit (features, derivatives)
  await indexWorkViews([view]);
  return bytes;
}

const base = { platform: "taobao", sellerId: "shop-123", description: "This shop sells printed copies of the vase.", standing: "public" };

async function anonCode(email: string): Promise<string> {
  await requestEmailCode({ db: t.db, email, locale: "en", dataDir: t.dataDir });
  const [mail] = await readOutbox({ dataDir: t.dataDir, to: email });
  const code = /\b(\d{6})\b/.exec(mail.subject)?.[1];
  expect(code).toMatch(/^\d{6}$/);
  return code!;
}

async function userCase(extra: Partial<Parameters<typeof openCase>[0]> = {}) {
  return openCase({
    db: t.db,
    dataDir: t.dataDir,
    reporter: { kind: "user", userId: reporter.id },
    registrationNumbers: [work.registrationNumber!],
    files: [],
    url: `https://item.taobao.com/item.htm?id=${Math.random()}`,
    ...base,
    ...extra,
  });
}

beforeAll(async () => {
  t = await createTestDb();
  owner = await createTestUser(t.db, "artisan");
  reporter = await createTestUser(t.db, "licensee");
  accused = await createTestUser(t.db, "licensee");
  licensee = await createTestUser(t.db, "licensee");
  officer = await createTestUser(t.db, "officer");
  other = await createTestUser(t.db, "artisan");
  work = await createRegisteredWork(t.db, { ownerUserId: owner.id });
  sealedWork = await createRegisteredWork(t.db, { ownerUserId: owner.id, visibility: "sealed", title: "保密作品" });
  registeredPng = await addViews(work, 11);
  await addViews(sealedWork, 12);
}, 60_000);
afterAll(async () => t.cleanup());

describe("opening a case", () => {
  it("an anonymous reporter confirms the email with a code from the outbox; the copy is matched and the owner notified", async () => {
    const email = "finder@example.org";
    const code = await anonCode(email);
    const copy = await suspectCopy(registeredPng);
    const c = await openCase({
      db: t.db,
      dataDir: t.dataDir,
      reporter: { kind: "email", email, code },
      registrationNumbers: [],
      files: [{ bytes: copy, name: "listing.jpg" }],
      url: "https://item.taobao.com/item.htm?id=1",
      ...base,
    });
    expect(c.number).toMatch(/^KM-C-\d{4}-\d{6}$/);
    expect(c.followToken).toBeTruthy();
    const row = await t.db.infringementCase.findUniqueOrThrow({ where: { id: c.id }, include: { works: true, evidence: true, matches: true } });
    expect(row.works.map((w) => w.workId)).toEqual([work.id]); // "find it for me": the matched work
    expect(row.reporterId).toBeNull();
    expect(row.accessTokenHash).not.toContain(c.followToken!);
    expect(row.evidence[0]).toMatchObject({ uploaderParty: "reporter", uploaderEmail: email, mime: "image/jpeg", sizeBytes: copy.length });
    expect(row.evidence[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const m = row.matches.find((x) => x.workId === work.id && x.method === "pdq")!;
    expect(["same", "similar"]).toContain(m.verdict);
    // Unless PDQ calls it the same photo, the motif matcher adds its own row: score, region, points.
    const motif = row.matches.find((x) => x.workId === work.id && x.method === "motif");
    if (m.verdict === "similar") expect(motif).toBeTruthy();
    if (motif) {
      expect(motif.verdict).toBe("motif");
      expect(motif.inliers).toBeGreaterThanOrEqual(24); // MOTIF_MIN_SCORE
      expect(JSON.parse(motif.region!)).toHaveLength(4);
      expect((JSON.parse(motif.lines!) as unknown[]).length).toBeGreaterThan(5);
    }
    expect(m.distance).toBeLessThanOrEqual(63);
    // The same photo recompressed without cropping is "the same photo".
    const [same] = (await t.db.caseMatch.findMany({ where: { caseId: c.id, method: "pdq" } })).sort((a, b) => a.distance - b.distance);
    expect(same.distance).toBe(m.distance);
    expect(await t.db.notification.count({ where: { userId: owner.id, kind: "case.reported" } })).toBe(1);
    const receipt = (await readOutbox({ dataDir: t.dataDir, to: email })).find((x) => x.kind === "case.reported.receipt");
    expect(receipt?.text).toContain(`?t=${c.followToken}`);
    // The code is used up.
    await expect(
      openCase({
        db: t.db,
        dataDir: t.dataDir,
        reporter: { kind: "email", email, code },
        registrationNumbers: [work.registrationNumber!],
        files: [],
        url: "https://x.example/2",
        ...base,
      }),
    ).rejects.toMatchObject({ messageKey: "cases.error.codeExpired" });
    // The follow link shows the case, and the match, to the anonymous reporter.
    const v = await getCaseView({ db: t.db, number: c.number, userId: null, followToken: c.followToken });
    expect(v.viewer.parties).toEqual(["reporter"]);
    expect(v.matches[0]).toMatchObject({ registrationNumber: work.registrationNumber, distance: m.distance });
    await expect(getCaseView({ db: t.db, number: c.number, userId: null, followToken: "x".repeat(32) })).rejects.toMatchObject({ code: "NOT_FOUND" });
  }, 30_000);

  it("refuses a wrong code, counting the tries", async () => {
    const email = "wrong@example.org";
    const code = await anonCode(email);
    const bad = code === "000000" ? "111111" : "000000";
    await expect(
      openCase({
        db: t.db,
        dataDir: t.dataDir,
        reporter: { kind: "email", email, code: bad },
        registrationNumbers: [work.registrationNumber!],
        files: [],
        ...base,
      }),
    ).rejects.toMatchObject({ messageKey: "cases.error.codeWrong" });
    expect((await t.db.emailVerification.findFirstOrThrow({ where: { email } })).attempts).toBe(1);
  });

  it("a logged-in reporter reports by registration number; a sealed match is named by number only", async () => {
    const c = await userCase({ registrationNumbers: [work.registrationNumber!] });
    const row = await t.db.infringementCase.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ reporterId: reporter.id, reporterEmail: reporter.email, status: "reported", accessTokenHash: null });
    expect(row.triageDueAt.getTime()).toBeGreaterThan(row.createdAt.getTime());
    expect(row.decisionDueAt.getTime()).toBeGreaterThan(row.triageDueAt.getTime());
    const proposals = await proposeWorksForPhoto({ bytes: await suspectCopy(await generateCeramicImage(12, "blue-and-white")) });
    const sealed = proposals.find((p) => p.registrationNumber === sealedWork.registrationNumber)!;
    expect(sealed).toMatchObject({ sealed: true, title: null, ownerName: null, thumbSha256: null });
  });

  it("numbers cases without gaps and refuses duplicates and unknown works", async () => {
    const a = await userCase();
    const b = await userCase();
    expect(Number(b.number.slice(-6))).toBe(Number(a.number.slice(-6)) + 1);
    await expect(userCase({ url: "https://item.taobao.com/dup" })).resolves.toBeTruthy();
    await expect(userCase({ url: "https://item.taobao.com/dup" })).rejects.toMatchObject({ messageKey: "cases.error.duplicate" });
    await expect(userCase({ registrationNumbers: ["JDZ-2026-999999-X"] })).rejects.toMatchObject({ code: "BAD_INPUT" });
  });

  it("removes stored files when the report fails after storing them", async () => {
    const bytes = await generateCeramicImage(99, "famille-rose");
    await expect(userCase({ registrationNumbers: [], files: [{ bytes, name: "unrelated.png" }] })).rejects.toMatchObject({ messageKey: "cases.error.noWork" });
    const sha = (await ingestImage({ dataDir: path.join(t.dataDir, "probe"), bytes })).sha256;
    expect(() => readFileSync(path.join(t.dataDir, "originals", sha.slice(0, 2), sha.slice(2, 4), sha))).toThrow();
  });
});

describe("transitions per actor", () => {
  it("walks a case to a takedown with notice; refuses what the state machine refuses, per actor", async () => {
    const c = await userCase();
    const go = (actorId: string | null, event: unknown, reason = "because", followToken?: string) =>
      transitionCase({ db: t.db, actorId, caseId: c.id, event, reason, followToken });
    // Parties cannot triage; strangers do not even see the case.
    await expect(go(reporter.id, { type: "triage" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(go(owner.id, { type: "triage" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(go(other.id, { type: "triage" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(go(officer.id, { type: "triage" }, " ")).rejects.toMatchObject({ messageKey: "cases.form.reasonRequired" });
    await expect(go(officer.id, { type: "investigate" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await go(officer.id, { type: "triage" })).status).toBe("triage");
    await expect(go(officer.id, { type: "resolve", resolution: "takedown" })).rejects.toMatchObject({ messageKey: "cases.refusal.resolution_not_allowed" });
    expect((await go(officer.id, { type: "investigate" })).status).toBe("investigating");
    expect((await go(officer.id, { type: "request_info", from: "reporter" })).status).toBe("investigating");
    expect((await go(reporter.id, { type: "provide_info" }, "here is the receipt")).status).toBe("investigating");
    await expect(go(reporter.id, { type: "send_notice" })).rejects.toMatchObject({ messageKey: "cases.error.useNoticeForm" });
    await expect(
      sendNotice({ db: t.db, dataDir: t.dataDir, actorId: owner.id, caseId: c.id, platform: "taobao", reason: "x1", origin: "http://t" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const notice = await sendNotice({
      db: t.db,
      dataDir: t.dataDir,
      actorId: officer.id,
      caseId: c.id,
      platform: "taobao",
      sentTo: "ipr@taobao.example",
      reason: "notice sent by email",
      origin: "http://t",
    });
    const pdf = readFileSync(path.join(t.dataDir, "originals", notice.sha256.slice(0, 2), notice.sha256.slice(2, 4), notice.sha256));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect((await t.db.infringementCase.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("notice_sent");
    // A second platform's notice is recorded without a transition.
    await sendNotice({ db: t.db, dataDir: t.dataDir, actorId: officer.id, caseId: c.id, platform: "jd", reason: "also listed on JD", origin: "http://t" });
    expect(await t.db.notice.count({ where: { caseId: c.id } })).toBe(2);
    const done = await go(officer.id, { type: "resolve", resolution: "takedown" }, "listing removed");
    expect(done).toMatchObject({ status: "resolved", resolution: "takedown" });
    expect(done.appealUntil!.getTime() - done.decidedAt!.getTime()).toBe(30 * 86_400_000);
    await expect(go(officer.id, { type: "appeal" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // A party appeals within 30 days; after that, nobody can.
    expect((await go(owner.id, { type: "appeal" }, "the seller relisted it")).status).toBe("investigating");
    await go(officer.id, { type: "resolve", resolution: "dismissed" }, "relisting is a new case");
    await expect(
      transitionCase({ db: t.db, actorId: officer.id, caseId: c.id, event: { type: "reopen" }, reason: "late", now: new Date(Date.now() + 31 * 86_400_000) }),
    ).rejects.toMatchObject({ messageKey: "cases.refusal.appeal_window_closed" });
    const audit = await t.db.auditEvent.findMany({ where: { entityType: "case", entityId: c.id }, orderBy: { seq: "asc" } });
    const triage = audit.find((a) => a.action === "case.triage")!;
    expect(triage.actorId).toBe(officer.id);
    expect(JSON.parse(triage.data)).toMatchObject({ reason: "because", from: "reported", to: "triage" });
    expect((await verifyAuditLog({ db: t.db })).ok).toBe(true);
  }, 30_000);
});

describe("permission matrix", () => {
  it("reporter / owner / accused / officer / other on reads and actions", async () => {
    const c = await userCase();
    await setCaseRespondent({ db: t.db, actorId: officer.id, caseId: c.id, email: accused.email });
    await expect(setCaseRespondent({ db: t.db, actorId: owner.id, caseId: c.id, email: accused.email })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await addCaseMessage({ db: t.db, actorId: officer.id, caseId: c.id, body: "internal: seller is a repeat offender", internal: true });
    const read = (userId: string) => getCaseView({ db: t.db, number: c.number, userId });
    const forReporter = await read(reporter.id);
    const forOwner = await read(owner.id);
    const forAccused = await read(accused.id);
    const forOfficer = await read(officer.id);
    await expect(read(other.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(forReporter.viewer.parties).toEqual(["reporter"]);
    expect(forOwner.viewer.parties).toEqual(["owner"]);
    expect(forAccused.viewer.parties).toEqual(["respondent"]);
    expect(forOfficer.viewer.isOfficer).toBe(true);
    // Internal notes only for officers; the reporter's identity not for the accused.
    for (const v of [forReporter, forOwner, forAccused]) expect(v.timeline.some((e) => e.internal)).toBe(false);
    expect(forOfficer.timeline.some((e) => e.internal && (e.body as { text?: string }).text?.includes("repeat offender"))).toBe(true);
    expect(forAccused.case.reporter).toBeNull();
    expect(forOfficer.case.reporter?.email).toBe(reporter.email);
    // Actions.
    await expect(addCaseMessage({ db: t.db, actorId: reporter.id, caseId: c.id, body: "note", internal: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(addCaseMessage({ db: t.db, actorId: other.id, caseId: c.id, body: "hello" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    for (const u of [reporter, owner, accused, officer]) await addCaseMessage({ db: t.db, actorId: u.id, caseId: c.id, body: `from ${u.email}` });
    await expect(answerCase({ db: t.db, dataDir: t.dataDir, actorId: owner.id, caseId: c.id, body: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(answerCase({ db: t.db, dataDir: t.dataDir, actorId: other.id, caseId: c.id, body: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(assignCase({ db: t.db, actorId: owner.id, caseId: c.id, assigneeId: owner.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(assignCase({ db: t.db, actorId: officer.id, caseId: c.id, assigneeId: owner.id })).rejects.toMatchObject({
      messageKey: "cases.error.assigneeNotOfficer",
    });
    expect((await assignCase({ db: t.db, actorId: officer.id, caseId: c.id, assigneeId: officer.id })).assigneeId).toBe(officer.id);
    await expect(buildCasePackage({ db: t.db, dataDir: t.dataDir, actorId: owner.id, caseId: c.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const parties = await t.db.caseEvent.findMany({ where: { caseId: c.id, kind: "message" }, select: { actorParty: true } });
    expect(parties.map((p) => p.actorParty).sort()).toEqual(["accused", "officer", "owner", "reporter"]);
  });
});

describe("evidence", () => {
  it("is immutable: no update or delete path; a correction is a new item", async () => {
    const c = await userCase();
    const files = [{ bytes: await suspectCopy(registeredPng), name: "a.jpg" }];
    const [first] = await addEvidence({ db: t.db, dataDir: t.dataDir, actorId: owner.id, caseId: c.id, files });
    const pdf = Buffer.from("%PDF-1.4\n% screenshot of the listing\n%%EOF\n");
    const [second] = await addEvidence({
      db: t.db,
      dataDir: t.dataDir,
      actorId: owner.id,
      caseId: c.id,
      files: [{ bytes: pdf, name: "listing.pdf" }],
      description: `corrects ${first.id}: full page`,
    });
    expect(second.mime).toBe("application/pdf");
    expect(second.uploaderParty).toBe("owner");
    const again = await t.db.evidence.findUniqueOrThrow({ where: { id: first.id } });
    expect(again).toEqual(first);
    // The domain exports no way to change evidence.
    const domainFiles = (await import("node:fs")).readdirSync("app/domain/cases").filter((f) => f.endsWith(".server.ts"));
    for (const f of domainFiles) {
      const src = readFileSync(path.join("app/domain/cases", f), "utf8");
      expect(src, f).not.toMatch(/evidence\.(update|updateMany|delete|deleteMany|upsert)\b/);
    }
    await expect(addEvidence({ db: t.db, dataDir: t.dataDir, actorId: other.id, caseId: c.id, files })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("package verification catches one changed byte (scripts/verify-evidence.ts exit code)", async () => {
    const c = await userCase({ files: [{ bytes: await suspectCopy(registeredPng, 55), name: "copy.jpg" }], url: "https://item.taobao.com/pkg" });
    await transitionCase({ db: t.db, actorId: officer.id, caseId: c.id, event: { type: "triage" }, reason: "looks like a copy" });
    const pkg = await buildCasePackage({ db: t.db, dataDir: t.dataDir, actorId: officer.id, caseId: c.id });
    expect(pkg.manifest.files).toHaveLength(1);
    expect(pkg.manifest.timeline.length).toBeGreaterThanOrEqual(2);
    expect(pkg.manifest.audit.some((a) => (a as { action: string }).action === "case.reported")).toBe(true);
    const good = path.join(t.dataDir, "good.zip");
    writeFileSync(good, pkg.zip);
    const run = (file: string) =>
      spawnSync("npx", ["tsx", "scripts/verify-evidence.ts", file], { encoding: "utf8", env: { ...process.env, LANG: "en_US.UTF-8" } });
    expect(run(good).status).toBe(0);
    const zip = await JSZip.loadAsync(pkg.zip);
    const name = pkg.manifest.files[0].path;
    const bytes = await zip.file(name)!.async("uint8array");
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    zip.file(name, bytes);
    const bad = path.join(t.dataDir, "bad.zip");
    writeFileSync(bad, await zip.generateAsync({ type: "nodebuffer" }));
    const r = run(bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(name);
    const built = await t.db.auditEvent.findFirstOrThrow({ where: { entityId: c.id, action: "case.package_built" } });
    expect(JSON.parse(built.data).manifestSha256).toBe(pkg.manifestSha256);
  }, 60_000);
});

describe("licence number check", () => {
  it("recognises an active licence for the case's work, and refuses others", async () => {
    await completeProfile(t.db, licensee.id);
    const licensedWork = await createRegisteredWork(t.db, { ownerUserId: owner.id, title: "粉彩花鸟盘" });
    const offer = await createOffer({ db: t.db, actorId: owner.id, workId: licensedWork.id, terms: terms({ termStart: "2025-01-01", termEnd: "2030-01-01" }) });
    const deal = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms({ termStart: "2025-01-01", termEnd: "2030-01-01" }) });
    await approveDeal({ db: t.db, actorId: officer.id, dealId: deal.id, feeBps: 1000, paymentMethod: "offline" });
    const payment = await t.db.payment.findFirstOrThrow({ where: { dealId: deal.id } });
    const active = await confirmOfflinePayment({ db: t.db, actorId: officer.id, paymentId: payment.id, amountFen: payment.amountFen, receivedOn: new Date() });
    const c = await userCase({ registrationNumbers: [licensedWork.registrationNumber!] });
    expect((await checkCaseLicense({ db: t.db, caseId: c.id, licenseNumber: active.licenseNumber! })).result).toBe("valid");
    expect((await checkCaseLicense({ db: t.db, caseId: c.id, licenseNumber: "nonsense" })).result).toBe("invalid");
    const onSealed = await openCase({
      db: t.db,
      dataDir: t.dataDir,
      reporter: { kind: "user", userId: reporter.id },
      registrationNumbers: [sealedWork.registrationNumber!],
      files: [],
      url: "https://x.example/sealed",
      ...base,
    });
    expect((await checkCaseLicense({ db: t.db, caseId: onSealed.id, licenseNumber: active.licenseNumber! })).result).toBe("other_work");
    // The accused answers with it; the result is on the timeline.
    await setCaseRespondent({ db: t.db, actorId: officer.id, caseId: c.id, email: licensee.email });
    const ans = await answerCase({
      db: t.db,
      dataDir: t.dataDir,
      actorId: licensee.id,
      caseId: c.id,
      body: "We are licensed.",
      licenseNumber: active.licenseNumber!,
    });
    expect(ans.license?.result).toBe("valid");
    const v = await getCaseView({ db: t.db, number: c.number, userId: reporter.id });
    expect(v.timeline.find((e) => e.kind === "answer")?.body).toMatchObject({ license: { result: "valid" } });
  }, 30_000);
});

describe("dashboard and overdue job", () => {
  it("counts open cases, flags overdue ones once, exports CSV", async () => {
    const later = new Date(Date.now() + 40 * 86_400_000);
    const stats = await caseStats({ db: t.db, now: later });
    expect(stats.open).toBeGreaterThan(0);
    expect(stats.overdue.decision).toBe(stats.open);
    expect(stats.byPlatform.find((p) => p.platform === "taobao")!.count).toBe(stats.open);
    expect(stats.decided).toBeGreaterThanOrEqual(1);
    expect(stats.medianDaysToDecision).not.toBeNull();
    expect(caseStatsCsv(stats)).toContain('"total","open"');
    const first = await flagOverdueCases({ db: t.db, now: later });
    expect(first).toBeGreaterThan(0);
    expect(await flagOverdueCases({ db: t.db, now: later })).toBe(0);
    expect(await t.db.notification.count({ where: { userId: officer.id, kind: { startsWith: "case.overdue." } } })).toBeGreaterThan(0);
  });
});
