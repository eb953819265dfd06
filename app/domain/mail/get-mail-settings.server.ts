import type { PrismaClient } from "@prisma/client";
import { MAIL_KINDS, parseMailOptOut, type MailKind } from "./mail-kinds";

/** Each kind of mail and whether the user receives it (for the profile page). */
export async function getMailSettings(options: { db: PrismaClient; userId: string }): Promise<{ kind: MailKind; receive: boolean }[]> {
  const user = await options.db.user.findUniqueOrThrow({ where: { id: options.userId }, select: { mailOptOut: true } });
  const off = parseMailOptOut(user.mailOptOut);
  return MAIL_KINDS.map((kind) => ({ kind, receive: !off.includes(kind) }));
}
