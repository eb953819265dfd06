/**
 * The public report form (/cases/new) before and around openCase: the rate limits of each step
 * and the spam checks. Every refusal is a DomainError (a rate limit is a RateLimitedError with
 * Retry-After), so the page maps them like any other.
 */
import type { PrismaClient } from "@prisma/client";
import { DomainError } from "~/domain/errors";
import type { Locale } from "~/utils/i18n";
import { consume, consumeEach, type RateLimitedError } from "~/utils/rate-limit.server";
import { proposeWorksForPhoto, searchReportableWorks, type ReportableWork } from "./find-works-to-report.server";
import { openCase, type CaseReporter } from "./open-case.server";
import { platformFromUrl, type Platform, type ReporterStanding } from "./platforms";
import { signFormTime } from "./report-form-token.server";
import { requestEmailCode } from "./request-email-code.server";
import { spamCheck } from "./spam";

function throwIfLimited(limited: RateLimitedError | null): void {
  if (limited) throw limited;
}

/** The work picker's search: public, and limited per address like /verify. */
export async function searchWorksToReport({ db, q, client }: { db: PrismaClient; q: string; client: string }): Promise<ReportableWork[]> {
  throwIfLimited(await consume("reportSearch", client));
  return searchReportableWorks({ db, q });
}

/** "Find it for me": works that look like the photo. The limit is taken before the upload is read. */
export async function findWorksToReport({ client, readPhoto }: { client: string; readPhoto: () => Promise<{ bytes: Uint8Array }> }) {
  throwIfLimited(await consume("reportFind", client));
  const { bytes } = await readPhoto();
  return proposeWorksForPhoto({ bytes });
}

/** A one-time code for a reporter without an account, limited per address and per e-mail. */
export async function sendReportCode({
  db,
  email,
  client,
  locale,
  dataDir,
}: {
  db: PrismaClient;
  email: string;
  client: string;
  locale: Locale;
  dataDir: string;
}) {
  const address = email.toLowerCase();
  throwIfLimited(await consumeEach(["emailCodePerAddress", client], ["emailCodePerEmail", address]));
  await requestEmailCode({ db, email: address, locale, dataDir });
}

type ReportInput = {
  platform: Platform;
  url: string;
  sellerId: string;
  description: string;
  standing: ReporterStanding;
  works: string[];
  email: string;
  name: string;
  code: string;
};

/**
 * Sends a report: spam checks (honeypot, signed fill time, links), the code of a reporter without
 * an account, the per-address and per-e-mail limits, then openCase.
 */
export async function submitReport({
  db,
  dataDir,
  client,
  user,
  report: v,
  honeypot,
  formToken,
  files,
  locale,
  origin,
  now = Date.now(),
}: {
  db: PrismaClient;
  dataDir: string;
  client: string;
  user: { id: string; email: string } | null;
  report: ReportInput;
  honeypot: string;
  formToken: string;
  files: { bytes: Uint8Array; name: string }[];
  locale: Locale;
  origin: string;
  now?: number;
}) {
  const spam = spamCheck({ honeypot, formToken, description: v.description, now }, signFormTime);
  if (spam) throw new DomainError("UNPROCESSABLE", `cases.spam.${spam}`);
  if (!user && (!v.email || !v.code)) throw new DomainError("BAD_INPUT", "cases.form.codeRequired");
  const email = user ? user.email : v.email.toLowerCase();
  throwIfLimited(await consumeEach(["reportPerAddress", client], ["reportPerEmail", email]));
  const reporter: CaseReporter = user ? { kind: "user", userId: user.id } : { kind: "email", email, name: v.name, code: v.code };
  return openCase({
    db,
    dataDir,
    reporter,
    registrationNumbers: v.works,
    platform: v.platform === "other" && v.url ? platformFromUrl(v.url) : v.platform,
    url: v.url,
    sellerId: v.sellerId,
    description: v.description,
    standing: v.standing,
    files,
    locale,
    origin,
  });
}
