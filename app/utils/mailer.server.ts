/**
 * Outgoing mail. There is no mail server in the embedded mode, so the "transport" is an outbox
 * folder: every message is written to DATA_DIR/outbox as <time>-<id>.eml (RFC 5322, ready for
 * any SMTP relay) and <time>-<id>.json (for tools and tests), and one line is logged.
 * An SMTP transport can later drain the folder or replace `deliver` below.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { getEnv } from "./env.server";

export type MailMessage = {
  to: string;
  subject: string;
  /** Plain text body (both languages when the recipient's language is unknown). */
  text: string;
  /** What kind of message this is, e.g. "email.code", "case.updated". */
  kind: string;
};

export type OutboxEntry = MailMessage & { id: string; from: string; date: string };

const FROM = "Kilnmark <no-reply@kilnmark.invalid>";

export function outboxDir(dataDir = getEnv().DATA_DIR): string {
  return path.join(dataDir, "outbox");
}

/** RFC 2047 encoded-word so Chinese subjects survive any relay. */
function encodeHeader(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, "utf8").toString("base64")}?=`;
}

function toEml(e: OutboxEntry): string {
  const body = Buffer.from(e.text, "utf8").toString("base64").replace(/.{76}/g, "$&\r\n");
  return [
    `From: ${FROM}`,
    `To: ${e.to.replace(/[\r\n]/g, "")}`,
    `Subject: ${encodeHeader(e.subject.replace(/[\r\n]/g, " "))}`,
    `Date: ${new Date(e.date).toUTCString()}`,
    `Message-ID: <${e.id}@kilnmark.invalid>`,
    `X-Kilnmark-Kind: ${e.kind}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
    "",
    body,
    "",
  ].join("\r\n");
}

/** Send after the database transaction has committed (a rolled-back action mails nothing). */
export async function sendMail(message: MailMessage, options: { dataDir?: string } = {}): Promise<OutboxEntry> {
  const dir = outboxDir(options.dataDir);
  await mkdir(dir, { recursive: true });
  const now = new Date();
  const entry: OutboxEntry = { ...message, id: randomUUID(), from: FROM, date: now.toISOString() };
  const base = `${now.toISOString().replace(/[:.]/g, "-")}-${entry.id}`;
  await writeFile(path.join(dir, `${base}.json`), JSON.stringify(entry, null, 2) + "\n", { mode: 0o600 });
  await writeFile(path.join(dir, `${base}.eml`), toEml(entry), { mode: 0o600 });
  // Never the subject or body: they can carry one-time codes (issue 10c). The outbox file has them.
  console.log(`[mail] outbox ${base}.eml kind=${entry.kind}`);
  return entry;
}

/** Messages in the outbox, newest first (operators and tests). */
export async function readOutbox(options: { dataDir?: string; to?: string } = {}): Promise<OutboxEntry[]> {
  const dir = outboxDir(options.dataDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: OutboxEntry[] = [];
  for (const n of names.filter((n) => n.endsWith(".json")).sort().reverse()) {
    const e = JSON.parse(await readFile(path.join(dir, n), "utf8")) as OutboxEntry;
    if (!options.to || e.to.toLowerCase() === options.to.toLowerCase()) out.push(e);
  }
  return out;
}
