import { createHmac } from "node:crypto";
import { getEnv } from "~/utils/env.server";

/** The report form's signed start time (spam check: minimum fill time, not forgeable). */
export function signFormTime(startedAtMs: string): string {
  return createHmac("sha256", getEnv().SESSION_SECRET).update(`case-report:${startedAtMs}`).digest("hex").slice(0, 32);
}

export function newFormToken(now = Date.now()): string {
  return `${now}.${signFormTime(String(now))}`;
}
