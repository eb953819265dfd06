import type { PrismaClient } from "@prisma/client";
import { DomainError } from "~/domain/errors";
import { isMailKind, MAIL_KINDS, serializeMailOptOut, type MailKind } from "./mail-kinds";

/**
 * The profile's mail settings: `receive` lists the kinds the user keeps; every other kind is
 * turned off. Unknown kinds are refused (400), nothing is saved.
 */
export async function updateMailSettings(options: { db: PrismaClient; userId: string; receive: readonly string[] }): Promise<MailKind[]> {
  const bad = options.receive.find((k) => !isMailKind(k));
  if (bad !== undefined) throw new DomainError("BAD_INPUT", "mail.settings.invalid");
  const optOut = MAIL_KINDS.filter((k) => !options.receive.includes(k));
  await options.db.user.update({ where: { id: options.userId }, data: { mailOptOut: serializeMailOptOut(optOut) } });
  return optOut;
}
