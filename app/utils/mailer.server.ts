/**
 * Outgoing mail through nodemailer. With SMTP_URL set (smtp:// or smtps://) messages go to that
 * relay. Without it (the embedded mode) nodemailer's stream transport builds the same RFC 5322
 * message and it is written to DATA_DIR/outbox as <time>-<id>.eml (ready for any relay) beside
 * <time>-<id>.json (for tools and tests). One line is logged per message, never its content.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import { getEnv } from "./env.server";

export type MailMessage = {
  to: string;
  subject: string;
  /** Plain text body (both languages when the recipient's language is unknown). */
  text: string;
  /** What kind of message this is, e.g. "email.code", "case.updated". */
  kind: string;
};

type OutboxEntry = MailMessage & { id: string; from: string; date: string };

const DEFAULT_MAIL_FROM = "Kilnmark <no-reply@kilnmark.invalid>";

function outboxDir(dataDir = getEnv().DATA_DIR): string {
  return path.join(dataDir, "outbox");
}

function mailFrom(): string {
  return getEnv().MAIL_FROM ?? DEFAULT_MAIL_FROM;
}

/** The domain part of the sender, for Message-IDs. */
function fromDomain(from: string): string {
  const m = /@([^\s<>@]+)>?\s*$/.exec(from);
  return m ? m[1] : "kilnmark.invalid";
}

let smtp: { url: string; transporter: Transporter } | undefined;
const stream: Transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });

function smtpTransport(url: string): Transporter {
  if (smtp?.url !== url) {
    smtp?.transporter.close();
    // Short timeouts: a dead relay must not hold a request (callers send after commit) for minutes.
    smtp = { url, transporter: nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }) };
  }
  return smtp.transporter;
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, " ");
}

/** Send after the database transaction has committed (a rolled-back action mails nothing). */
export async function sendMail(message: MailMessage, options: { dataDir?: string } = {}): Promise<OutboxEntry> {
  const now = new Date();
  const from = mailFrom();
  const entry: OutboxEntry = { ...message, to: oneLine(message.to), subject: oneLine(message.subject), id: randomUUID(), from, date: now.toISOString() };
  const mail = {
    from,
    to: entry.to,
    subject: entry.subject,
    text: entry.text,
    date: now,
    messageId: `<${entry.id}@${fromDomain(from)}>`,
    headers: { "X-Kilnmark-Kind": entry.kind },
    textEncoding: "base64" as const,
  };
  const url = getEnv().SMTP_URL;
  if (url) {
    const info = await smtpTransport(url).sendMail(mail);
    if (info.rejected?.length) throw new Error(`the relay refused ${info.rejected.length} recipient(s)`);
    // Never the subject or body: they can carry one-time codes (issue 10c).
    console.log(`[mail] smtp ${entry.id} kind=${entry.kind}`);
    return entry;
  }
  const info = await stream.sendMail(mail);
  const dir = outboxDir(options.dataDir);
  await mkdir(dir, { recursive: true });
  const base = `${now.toISOString().replace(/[:.]/g, "-")}-${entry.id}`;
  await writeFile(path.join(dir, `${base}.json`), JSON.stringify(entry, null, 2) + "\n", { mode: 0o600 });
  await writeFile(path.join(dir, `${base}.eml`), info.message as Buffer, { mode: 0o600 });
  console.log(`[mail] outbox ${base}.eml kind=${entry.kind}`);
  return entry;
}

/** Messages in the outbox, newest first (operators and tests). */
export async function readOutbox(options: { dataDir?: string; to?: string } = {}): Promise<OutboxEntry[]> {
  const dir = outboxDir(options.dataDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: OutboxEntry[] = [];
  for (const n of names
    .filter((n) => n.endsWith(".json"))
    .sort()
    .reverse()) {
    const e = JSON.parse(await readFile(path.join(dir, n), "utf8")) as OutboxEntry;
    if (!options.to || e.to.toLowerCase() === options.to.toLowerCase()) out.push(e);
  }
  return out;
}
