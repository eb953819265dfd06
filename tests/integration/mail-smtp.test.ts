/**
 * Mail to account holders through a real SMTP server (smtp-server on a free loopback port,
 * SMTP_URL pointing at it): a work decision and a deal's approval and activation mail each
 * recipient in their own language, an opted-out kind is not sent, a rolled-back event mails
 * nothing, a refused recipient is retried later; without SMTP_URL the outbox folder is used.
 */
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { completeProfile, createRegisteredWork, terms } from "../setup/factories-licensing";
import { rejectWork } from "~/domain/registry/reject-work.server";
import { createOffer } from "~/domain/licensing/create-offer.server";
import { requestDeal } from "~/domain/licensing/request-deal.server";
import { approveDeal } from "~/domain/licensing/approve-deal.server";
import { notifyUsers } from "~/domain/licensing/deal-access.server";
import { confirmOfflinePayment } from "~/domain/payments/confirm-offline-payment.server";
import { assignCase } from "~/domain/cases/assign-case.server";
import { flagOverdueCases } from "~/domain/cases/flag-overdue-cases.server";
import { updateMailSettings } from "~/domain/mail/update-mail-settings.server";
import { getMailSettings } from "~/domain/mail/get-mail-settings.server";
import { dispatchMail, mailDispatchIdle } from "~/domain/mail/dispatch-mail.server";
import { readOutbox, sendMail } from "~/utils/mailer.server";
import { EnvError, parseEnv, resetEnvCache } from "~/utils/env.server";

type Received = { from: string; to: string[]; subject: string; text: string; kind: string; raw: string };

/** Just enough MIME for nodemailer's output: unfolded headers, RFC 2047 words, a base64 or QP text body. */
function decodeWords(v: string): string {
  return v.replace(/\s*=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toUpperCase() === "B"
      ? Buffer.from(data, "base64").toString("utf8")
      : Buffer.from(
          data.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          "latin1",
        ).toString("utf8"),
  );
}
function parseMessage(raw: string) {
  const [head, ...rest] = raw.split(/\r\n\r\n/);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const i = line.indexOf(":");
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = rest.join("\r\n\r\n");
  const cte = (headers["content-transfer-encoding"] ?? "").toLowerCase();
  const text =
    cte === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : cte === "quoted-printable"
        ? Buffer.from(
            body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            "latin1",
          ).toString("utf8")
        : body;
  return { headers, subject: decodeWords(headers.subject ?? ""), text };
}

const hasHan = (s: string) => /\p{Script=Han}/u.test(s);

let t: TestDb;
let server: SMTPServer;
const received: Received[] = [];
const refuse = new Set<string>();
let artisan: Awaited<ReturnType<typeof createTestUser>>;
let licensee: Awaited<ReturnType<typeof createTestUser>>;
let officer: Awaited<ReturnType<typeof createTestUser>>;

function mailsTo(email: string) {
  return received.filter((m) => m.to.includes(email.toLowerCase()));
}

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (refuse.has(address.address.toLowerCase())) return cb(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const m = parseMessage(raw);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: m.subject,
          text: m.text,
          kind: m.headers["x-kilnmark-kind"] ?? "",
          raw,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.MAIL_FROM = "Kilnmark Test <mail@kilnmark.test>";
  t = await createTestDb(); // resets the env cache: SMTP_URL is read from here on
  artisan = await createTestUser(t.db, "artisan");
  licensee = await createTestUser(t.db, "licensee");
  officer = await createTestUser(t.db, "officer");
  await t.db.user.update({ where: { id: licensee.id }, data: { locale: "zh-CN" } });
  await completeProfile(t.db, licensee.id);
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  resetEnvCache();
  await t?.cleanup();
  await new Promise<void>((r) => server.close(() => r()));
});

describe("mail through SMTP_URL", () => {
  it("mails a work decision to the artisan in English only", async () => {
    const work = await createRegisteredWork(t.db, { ownerUserId: artisan.id, title: "Blue vase" });
    await t.db.work.update({ where: { id: work.id }, data: { status: "submitted", registrationNumber: null, registeredAt: null } });
    await rejectWork({ officerId: officer.id, workId: work.id, reason: "insufficient_photos" });
    await mailDispatchIdle();
    const mails = mailsTo(artisan.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: "work.rejected", from: "mail@kilnmark.test", subject: "[Kilnmark] Not registered: Blue vase" });
    expect(mails[0].text).toContain("Your work “Blue vase” was not registered.");
    expect(mails[0].text).toContain("/my/works/" + work.id);
    expect(hasHan(mails[0].subject + mails[0].text)).toBe(false);
    expect(mails[0].raw).toMatch(/^From: Kilnmark Test <mail@kilnmark\.test>/m);
    // The in-app notice is still written, in both languages.
    const note = await t.db.notification.findFirstOrThrow({ where: { userId: artisan.id, kind: "work.rejected" } });
    expect(hasHan(note.subject)).toBe(true);
    expect(mailsTo(officer.email)).toHaveLength(0);
  });

  it("mails deal approval and activation (payment received) in Chinese to the licensee; the artisan turned deal mail off", async () => {
    await updateMailSettings({ db: t.db, userId: artisan.id, receive: ["work", "payment", "case"] });
    expect(await getMailSettings({ db: t.db, userId: artisan.id })).toEqual([
      { kind: "work", receive: true },
      { kind: "deal", receive: false },
      { kind: "payment", receive: true },
      { kind: "case", receive: true },
    ]);
    const before = received.length;
    const work = await createRegisteredWork(t.db, { ownerUserId: artisan.id });
    const offer = await createOffer({ db: t.db, actorId: artisan.id, workId: work.id, terms: terms() });
    const deal = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms() });
    const approved = await approveDeal({ db: t.db, actorId: officer.id, dealId: deal.id, feeBps: 1000, paymentMethod: "offline" });
    expect(approved.paymentId).toBeTruthy();
    await confirmOfflinePayment({ db: t.db, actorId: officer.id, paymentId: approved.paymentId!, amountFen: terms().upfrontFeeFen, receivedOn: new Date() });
    await mailDispatchIdle();
    const row = await t.db.deal.findUniqueOrThrow({ where: { id: deal.id } });
    expect(row.status).toBe("active");

    const toLicensee = mailsTo(licensee.email).map((m) => m.kind);
    expect(toLicensee).toEqual(["deal.approved", "deal.activated"]);
    const [approvedMail, activatedMail] = mailsTo(licensee.email);
    expect(approvedMail.subject).toBe(`[Kilnmark] 许可交易 ${row.reference} 已批准`);
    expect(activatedMail.subject).toBe(`[Kilnmark] 许可 ${row.licenseNumber} 已生效`);
    expect(activatedMail.text).toContain(`${row.reference} 已收到付款，许可生效。`);
    for (const m of [approvedMail, activatedMail]) expect(m.text).not.toMatch(/[A-Za-z]{4,} (the|deal|licence|payment)/i);
    expect(approvedMail.text).not.toContain("approved");

    // Opted out: in-app notices for the artisan, but no deal mail.
    expect(received.slice(before).filter((m) => m.to.includes(artisan.email.toLowerCase()))).toHaveLength(0);
    expect(await t.db.notification.count({ where: { userId: artisan.id, kind: { in: ["deal.requested", "deal.approved", "deal.activated"] } } })).toBe(3);
    expect(await t.db.mailOutbox.count({ where: { userId: artisan.id, kind: { startsWith: "deal." } } })).toBe(0);
    expect(await t.db.mailOutbox.count({ where: { userId: licensee.id, sentAt: null } })).toBe(0);
  });

  it("mails case updates to the officer in their language: assignment, then the overdue deadline; not after opting out", async () => {
    const officer2 = await createTestUser(t.db, "officer");
    const kase = await t.db.infringementCase.create({
      data: {
        number: `KM-C-2026-${String(Math.floor(Math.random() * 900_000) + 100_000)}`,
        reporterEmail: "someone@example.com",
        reporterStanding: "public",
        platform: "taobao",
        description: "copies of a registered vase",
        triageDueAt: new Date(Date.now() + 86_400_000),
        decisionDueAt: new Date(Date.now() + 30 * 86_400_000),
      },
    });
    await assignCase({ db: t.db, actorId: officer.id, caseId: kase.id, assigneeId: officer2.id });
    await mailDispatchIdle();
    expect(mailsTo(officer2.email).map((m) => [m.kind, m.subject])).toEqual([["case.assigned", `[Kilnmark] Case ${kase.number} assigned to you`]]);
    expect(mailsTo(officer.email).filter((m) => m.kind.startsWith("case."))).toHaveLength(0); // the actor is not told

    expect(await flagOverdueCases({ db: t.db, now: new Date(Date.now() + 2 * 86_400_000) })).toBe(1);
    await mailDispatchIdle();
    const overdue = mailsTo(officer2.email).find((m) => m.kind === "case.overdue.triage");
    expect(overdue?.subject).toBe(`[Kilnmark] Case ${kase.number} is overdue`);
    expect(overdue?.text).toMatch(/the triage deadline has passed/i);

    await updateMailSettings({ db: t.db, userId: officer2.id, receive: ["work", "deal", "payment"] });
    await assignCase({ db: t.db, actorId: officer.id, caseId: kase.id, assigneeId: null });
    await assignCase({ db: t.db, actorId: officer.id, caseId: kase.id, assigneeId: officer2.id });
    await mailDispatchIdle();
    expect(mailsTo(officer2.email)).toHaveLength(2);
    expect(await t.db.notification.count({ where: { userId: officer2.id, kind: "case.assigned" } })).toBe(2);
  });

  it("refuses unknown kinds in the settings and saves nothing", async () => {
    await expect(updateMailSettings({ db: t.db, userId: licensee.id, receive: ["deal", "spam"] })).rejects.toMatchObject({
      code: "BAD_INPUT",
      messageKey: "mail.settings.invalid",
    });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: licensee.id } })).mailOptOut).toBe("[]");
  });

  it("mails nothing for an event whose transaction rolls back", async () => {
    const before = received.length;
    await expect(
      t.db.$transaction(async (tx) => {
        await notifyUsers(tx, [licensee.id], { kind: "terminated", params: { reference: "KM-D-ROLLBACK", reason: "test" }, link: "/deals/KM-D-ROLLBACK" });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await mailDispatchIdle();
    await dispatchMail({ db: t.db });
    expect(received.length).toBe(before);
    expect(await t.db.mailOutbox.count({ where: { text: { contains: "KM-D-ROLLBACK" } } })).toBe(0);
  });

  it("keeps a refused message for a later attempt and sends it when the relay accepts", async () => {
    refuse.add(licensee.email.toLowerCase());
    await t.db.$transaction((tx) =>
      notifyUsers(tx, [licensee.id], { kind: "terminated", params: { reference: "KM-D-RETRY", reason: "test" }, link: "/deals/KM-D-RETRY" }),
    );
    await mailDispatchIdle();
    const row = await t.db.mailOutbox.findFirstOrThrow({ where: { text: { contains: "KM-D-RETRY" } } });
    expect(row).toMatchObject({ sentAt: null, attempts: 1 });
    expect(row.lastError).toBeTruthy();
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    refuse.clear();
    const later = new Date(Date.now() + 2 * 60_000);
    expect(await dispatchMail({ db: t.db, now: () => later })).toEqual({ sent: 1, failed: 0 });
    expect(mailsTo(licensee.email).some((m) => m.subject.includes("KM-D-RETRY"))).toBe(true);
  });
});

describe("configuration and the embedded outbox", () => {
  it("refuses a non-SMTP SMTP_URL and a bad MAIL_FROM with a clear line each", () => {
    expect(() => parseEnv({ SMTP_URL: "http://mail.example.com" })).toThrow(EnvError);
    try {
      parseEnv({ SMTP_URL: "mail.example.com:25", MAIL_FROM: "not an address" });
    } catch (e) {
      expect((e as EnvError).problems.some((p) => p.startsWith("SMTP_URL must be smtp://"))).toBe(true);
      expect((e as EnvError).problems.some((p) => p.startsWith("MAIL_FROM must be an address"))).toBe(true);
    }
    expect(parseEnv({ SMTP_URL: "smtps://user:pa%40ss@smtp.example.com:465", MAIL_FROM: "Kilnmark <no-reply@example.com>" })).toMatchObject({
      SMTP_URL: "smtps://user:pa%40ss@smtp.example.com:465",
    });
    expect(parseEnv({ SMTP_URL: "" }).SMTP_URL).toBeUndefined();
  });

  it("without SMTP_URL writes the .eml and .json pair to the outbox folder", async () => {
    const saved = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    resetEnvCache();
    try {
      const entry = await sendMail({ to: "someone@example.com", subject: "验证码 / Code", text: "代码 123456", kind: "email.code" }, { dataDir: t.dataDir });
      const [stored] = await readOutbox({ dataDir: t.dataDir, to: "someone@example.com" });
      expect(stored).toMatchObject({ id: entry.id, subject: "验证码 / Code", text: "代码 123456", kind: "email.code" });
      const dir = path.join(t.dataDir, "outbox");
      const eml = fs.readdirSync(dir).find((n) => n.endsWith(`${entry.id}.eml`))!;
      const m = parseMessage(fs.readFileSync(path.join(dir, eml), "utf8"));
      expect(m.subject).toBe("验证码 / Code");
      expect(m.text).toBe("代码 123456");
      expect(m.headers["x-kilnmark-kind"]).toBe("email.code");
      expect(m.headers["message-id"]).toContain(entry.id);
    } finally {
      process.env.SMTP_URL = saved;
      resetEnvCache();
    }
  });
});
