/**
 * Password change, reset by mail, admin-forced reset and e-mail verification, through the
 * use-cases against a fresh database; mail goes to the test's outbox folder.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { changePassword } from "~/domain/accounts/change-password.server";
import { forcePasswordReset } from "~/domain/accounts/force-password-reset.server";
import { logIn } from "~/domain/accounts/log-in.server";
import { verifyPassword } from "~/domain/accounts/password.server";
import { requestPasswordReset } from "~/domain/accounts/request-password-reset.server";
import { resetPassword } from "~/domain/accounts/reset-password.server";
import { sendEmailVerification } from "~/domain/accounts/send-email-verification.server";
import { signUp } from "~/domain/accounts/sign-up.server";
import { verifyEmail } from "~/domain/accounts/verify-email.server";
import { verifyAuditLog } from "~/domain/audit/verify-audit-log.server";
import { DomainError } from "~/domain/errors";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { createWork } from "~/domain/registry/create-work.server";
import { readOutbox } from "~/utils/mailer.server";

const ORIGIN = "https://kilnmark.test";
let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.cleanup());

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return e;
  }
  throw new Error("expected a DomainError");
}

/** The token of the newest link mailed to `email` for `path` ("reset-password" | "verify-email"). */
async function linkToken(email: string, path: string): Promise<string> {
  const [mail] = await readOutbox({ dataDir: t.dataDir, to: email });
  expect(mail, `a mail to ${email}`).toBeTruthy();
  const m = mail.text.match(new RegExp(`${ORIGIN}/${path}/([A-Za-z0-9_-]{43})`));
  expect(m, mail.text).toBeTruthy();
  return m![1];
}

async function sessionFor(userId: string) {
  return t.db.session.create({ data: { userId, expiresAt: new Date(Date.now() + 3600_000) } });
}

describe("change password", () => {
  it("needs the current password, ends every other session and keeps the current one", async () => {
    const u = await createTestUser(t.db, "artisan");
    const current = await sessionFor(u.id);
    const other1 = await sessionFor(u.id);
    const other2 = await sessionFor(u.id);
    const stranger = await createTestUser(t.db, "licensee");
    const strangerSession = await sessionFor(stranger.id);

    const wrong = await refusal(
      changePassword({ db: t.db, userId: u.id, currentSessionId: current.id, currentPassword: "not-it-at-all", newPassword: "a-new-password-1" }),
    );
    expect(wrong.messageKey).toBe("account.error.currentPasswordWrong");
    expect(await t.db.session.count({ where: { userId: u.id } })).toBe(3);
    const same = await refusal(changePassword({ db: t.db, userId: u.id, currentSessionId: current.id, currentPassword: u.password, newPassword: u.password }));
    expect(same.messageKey).toBe("account.error.passwordUnchanged");

    const result = await changePassword({ db: t.db, userId: u.id, currentSessionId: current.id, currentPassword: u.password, newPassword: "a-new-password-1" });
    expect(result.sessionsEnded).toBe(2);
    const left = await t.db.session.findMany({ where: { userId: u.id }, select: { id: true } });
    expect(left.map((s) => s.id)).toEqual([current.id]);
    expect(await t.db.session.findUnique({ where: { id: other1.id } })).toBeNull();
    expect(await t.db.session.findUnique({ where: { id: other2.id } })).toBeNull();
    expect(await t.db.session.findUnique({ where: { id: strangerSession.id } })).not.toBeNull();

    await expect(logIn({ db: t.db, email: u.email, password: u.password, ip: "10.9.0.1" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(logIn({ db: t.db, email: u.email, password: "a-new-password-1", ip: "10.9.0.1" })).resolves.toMatchObject({ id: u.id });
    const audit = await t.db.auditEvent.findFirst({ where: { action: "user.password_changed", entityId: u.id } });
    expect(JSON.parse(audit!.data)).toEqual({ sessionsEnded: 2 });
  });
});

describe("reset by mail", () => {
  it("mails a link in the user's language; the link resets once, ends all sessions, and only its hash is stored", async () => {
    const u = await signUp({
      db: t.db,
      name: "陈",
      email: "reset-zh@example.cn",
      password: "old-password-1",
      role: "artisan",
      locale: "zh-CN",
      emailVerified: true,
    });
    await sessionFor(u.id);
    await sessionFor(u.id);
    await requestPasswordReset({ db: t.db, email: u.email, origin: ORIGIN, dataDir: t.dataDir });
    const [mail] = await readOutbox({ dataDir: t.dataDir, to: u.email });
    expect(mail.subject).toBe("重置您的瓷印 Kilnmark 密码");
    expect(mail.text).toContain("1 小时内有效");
    const token = await linkToken(u.email, "reset-password");
    const rows = await t.db.accountToken.findMany({ where: { userId: u.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);

    const r = await resetPassword({ db: t.db, token, newPassword: "brand-new-password" });
    expect(r.sessionsEnded).toBe(2);
    expect(await t.db.session.count({ where: { userId: u.id } })).toBe(0);
    const after = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(await verifyPassword(after.passwordHash, "brand-new-password")).toBe(true);
    expect(await verifyPassword(after.passwordHash, "old-password-1")).toBe(false);

    const again = await refusal(resetPassword({ db: t.db, token, newPassword: "third-password-1" }));
    expect(again.messageKey).toBe("account.error.linkUsed");
    expect(await verifyPassword((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash, "brand-new-password")).toBe(true);
  });

  it("refuses an expired link, a link of the other purpose, an unknown or malformed one", async () => {
    const u = await createTestUser(t.db, "licensee");
    const asked = new Date(Date.now() - 61 * 60_000);
    await requestPasswordReset({ db: t.db, email: u.email, origin: ORIGIN, dataDir: t.dataDir, now: asked });
    const token = await linkToken(u.email, "reset-password");
    expect((await refusal(resetPassword({ db: t.db, token, newPassword: "whatever-password" }))).messageKey).toBe("account.error.linkExpired");
    // Just inside the hour it would have worked (expiry is one hour from the request).
    await requestPasswordReset({ db: t.db, email: u.email, origin: ORIGIN, dataDir: t.dataDir, now: new Date(Date.now() - 59 * 60_000) });
    const fresh = await linkToken(u.email, "reset-password");
    expect((await refusal(verifyEmail({ db: t.db, token: fresh }))).messageKey).toBe("account.error.linkInvalid");
    expect((await refusal(resetPassword({ db: t.db, token: "A".repeat(43), newPassword: "whatever-password" }))).messageKey).toBe("account.error.linkInvalid");
    expect((await refusal(resetPassword({ db: t.db, token: "../../etc", newPassword: "whatever-password" }))).messageKey).toBe("account.error.linkInvalid");
    await expect(resetPassword({ db: t.db, token: fresh, newPassword: "whatever-password" })).resolves.toMatchObject({ userId: u.id });
  });

  it("a newer link replaces the older one, and two concurrent uses of one link succeed once", async () => {
    const u = await createTestUser(t.db, "artisan");
    await requestPasswordReset({ db: t.db, email: u.email, origin: ORIGIN, dataDir: t.dataDir });
    const first = await linkToken(u.email, "reset-password");
    await requestPasswordReset({ db: t.db, email: u.email, origin: ORIGIN, dataDir: t.dataDir });
    const second = await linkToken(u.email, "reset-password");
    expect(second).not.toBe(first);
    expect((await refusal(resetPassword({ db: t.db, token: first, newPassword: "password-from-first" }))).messageKey).toBe("account.error.linkUsed");
    const results = await Promise.allSettled([
      resetPassword({ db: t.db, token: second, newPassword: "password-race-a" }),
      resetPassword({ db: t.db, token: second, newPassword: "password-race-b" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
  });

  it("sends nothing for an unknown or disabled address", async () => {
    await requestPasswordReset({ db: t.db, email: "nobody-here@example.com", origin: ORIGIN, dataDir: t.dataDir });
    expect(await readOutbox({ dataDir: t.dataDir, to: "nobody-here@example.com" })).toHaveLength(0);
    const d = await createTestUser(t.db, "artisan");
    await t.db.user.update({ where: { id: d.id }, data: { disabledAt: new Date() } });
    await requestPasswordReset({ db: t.db, email: d.email, origin: ORIGIN, dataDir: t.dataDir });
    expect(await readOutbox({ dataDir: t.dataDir, to: d.email })).toHaveLength(0);
  });
});

describe("admin force reset", () => {
  it("flags the account, ends its sessions, mails a link; login is refused until the reset", async () => {
    const admin = await createTestUser(t.db, "admin");
    const artisan = await createTestUser(t.db, "artisan");
    const officer = await createTestUser(t.db, "officer");
    await sessionFor(artisan.id);
    await sessionFor(artisan.id);

    expect((await refusal(forcePasswordReset({ db: t.db, actorId: officer.id, userId: artisan.id, origin: ORIGIN, dataDir: t.dataDir }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await refusal(forcePasswordReset({ db: t.db, actorId: admin.id, userId: admin.id, origin: ORIGIN, dataDir: t.dataDir }))).messageKey).toBe(
      "account.error.cannotForceSelf",
    );

    await forcePasswordReset({ db: t.db, actorId: admin.id, userId: artisan.id, origin: ORIGIN, dataDir: t.dataDir });
    const flagged = await t.db.user.findUniqueOrThrow({ where: { id: artisan.id } });
    expect(flagged.mustResetPassword).toBe(true);
    expect(await t.db.session.count({ where: { userId: artisan.id } })).toBe(0);
    const [mail] = await readOutbox({ dataDir: t.dataDir, to: artisan.email });
    expect(mail.kind).toBe("account.forcedReset");
    expect(mail.subject).toBe("Choose a new Kilnmark password");

    // The old password is still right, but it no longer opens a session (the route refuses it).
    const user = await logIn({ db: t.db, email: artisan.email, password: artisan.password, ip: "10.9.1.1" });
    expect(user.mustResetPassword).toBe(true);

    const token = await linkToken(artisan.email, "reset-password");
    await resetPassword({ db: t.db, token, newPassword: "set-after-force" });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: artisan.id } })).mustResetPassword).toBe(false);
    const audit = await t.db.auditEvent.findFirst({ where: { action: "user.password_reset_forced", entityId: artisan.id } });
    expect(audit?.actorId).toBe(admin.id);
  });
});

describe("e-mail verification", () => {
  it("self sign-up starts unverified and cannot register works; the mailed link verifies once; then it can", async () => {
    const u = await signUp({ db: t.db, name: "Xu", email: "verify-me@example.com", password: "verify-password-1", role: "artisan", locale: "en" });
    expect(u.emailVerifiedAt).toBeNull();
    const admins = await signUp({
      db: t.db,
      name: "By admin",
      email: "made-by-admin@example.com",
      password: "verify-password-1",
      role: "artisan",
      locale: "en",
      actorId: u.id,
    });
    expect(admins.emailVerifiedAt).not.toBeNull();

    const img = await generateCeramicImage(7, "blue-and-white");
    const work = () =>
      createWork({
        userId: u.id,
        values: {
          titleZh: "青花碗",
          titleEn: "Blue-and-white bowl",
          descriptionZh: "手绘",
          category: "vase",
          techniques: ["qinghua"],
          creationDate: "2025-03-01",
          authors: [{ name: "徐", nameEn: "Xu", role: "绘画" }],
          owner: "self",
          visibility: "public",
        },
        views: [{ kind: "front", bytes: img, originalName: "front.png" }],
      });
    const refused = await refusal(work());
    expect(refused).toMatchObject({ code: "FORBIDDEN", messageKey: "account.error.emailUnverified" });
    expect(await t.db.work.count({ where: { createdById: u.id } })).toBe(0);

    expect(await sendEmailVerification({ db: t.db, userId: u.id, origin: ORIGIN, dataDir: t.dataDir })).toMatchObject({ sent: true });
    const [mail] = await readOutbox({ dataDir: t.dataDir, to: u.email });
    expect(mail.subject).toBe("Confirm your e-mail address for Kilnmark");
    const token = await linkToken(u.email, "verify-email");
    expect((await refusal(resetPassword({ db: t.db, token, newPassword: "not-a-reset-link" }))).messageKey).toBe("account.error.linkInvalid");
    await expect(verifyEmail({ db: t.db, token })).resolves.toMatchObject({ userId: u.id });
    expect((await refusal(verifyEmail({ db: t.db, token }))).messageKey).toBe("account.error.linkUsed");
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).emailVerifiedAt).not.toBeNull();
    expect(await sendEmailVerification({ db: t.db, userId: u.id, origin: ORIGIN, dataDir: t.dataDir })).toMatchObject({ sent: false, alreadyVerified: true });

    const w = await work();
    expect(w.id).toBeTruthy();
  });

  it("a link sent to an address the account no longer has does not verify", async () => {
    const u = await signUp({ db: t.db, name: "Zhou", email: "old-address@example.com", password: "verify-password-1", role: "artisan", locale: "zh-CN" });
    await sendEmailVerification({ db: t.db, userId: u.id, origin: ORIGIN, dataDir: t.dataDir });
    const token = await linkToken(u.email, "verify-email");
    await t.db.user.update({ where: { id: u.id }, data: { email: "new-address@example.com" } });
    expect((await refusal(verifyEmail({ db: t.db, token }))).messageKey).toBe("account.error.linkInvalid");
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).emailVerifiedAt).toBeNull();
  });

  it("keeps the audit chain intact", async () => {
    for (const action of ["user.password_changed", "user.password_reset", "user.password_reset_forced", "user.email_verified"]) {
      expect(await t.db.auditEvent.count({ where: { action } }), action).toBeGreaterThan(0);
    }
    expect((await verifyAuditLog({ db: t.db })).ok).toBe(true);
  });
});
