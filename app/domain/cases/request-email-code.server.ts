import type { PrismaClient } from "@prisma/client";
import { translate, type Locale } from "~/utils/i18n";
import { sendMail } from "~/utils/mailer.server";
import { EMAIL_CODE, hashEmailCode, newEmailCode, normalizeEmail } from "./email-code.server";

/**
 * Mails a one-time code to confirm an address (anonymous reporters). Earlier unused codes for
 * the same address and purpose stop working. Rate limits are the route's (per IP and address).
 */
export async function requestEmailCode({
  db,
  email,
  purpose = "case-report",
  locale,
  dataDir,
  now = new Date(),
}: {
  db: PrismaClient;
  email: string;
  purpose?: string;
  locale: Locale;
  dataDir?: string;
  now?: Date;
}): Promise<{ expiresAt: Date }> {
  const address = normalizeEmail(email);
  const code = newEmailCode();
  const expiresAt = new Date(now.getTime() + EMAIL_CODE.ttlMs);
  await db.$transaction(async (tx) => {
    await tx.emailVerification.updateMany({ where: { email: address, purpose, consumedAt: null }, data: { consumedAt: now } });
    const row = await tx.emailVerification.create({ data: { email: address, purpose, codeHash: "pending", expiresAt, createdAt: now } });
    await tx.emailVerification.update({ where: { id: row.id }, data: { codeHash: hashEmailCode(row.id, code) } });
  });
  const minutes = EMAIL_CODE.ttlMs / 60_000;
  const other: Locale = locale === "en" ? "zh-CN" : "en";
  await sendMail(
    {
      to: address,
      kind: "email.code",
      subject: translate(locale, "cases.mail.code.subject", { code }),
      text: [translate(locale, "cases.mail.code.body", { code, minutes }), "", translate(other, "cases.mail.code.body", { code, minutes })].join("\n"),
    },
    { dataDir },
  );
  return { expiresAt };
}
