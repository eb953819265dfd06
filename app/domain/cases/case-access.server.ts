/**
 * Who someone is in a case, decided on the server from the database: an officer (case:handle),
 * the reporter (by account, or by the secret follow link of an anonymous report), the rights
 * holder (manages one of the case's works) or the respondent (the accused party's account).
 * Everyone else sees nothing: the same 404 as a missing case, so case numbers cannot be probed.
 */
import { rolesOf } from "~/domain/access/roles.server";
import { workManagedBy } from "~/domain/access/work-managers.server";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import type { Tx } from "~/utils/db.server";
import { hasPermission } from "~/utils/permissions";
import type { CaseActor, CaseParty } from "./case-state";

type DbOrTx = PrismaClient | Tx;

export type CaseViewer = {
  userId: string | null;
  isOfficer: boolean;
  /** Party roles in this case, most specific first (owner, reporter, respondent). */
  parties: CaseParty[];
};

function hashFollowToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newFollowToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString("base64url");
  return { token, hash: hashFollowToken(token) };
}

function tokenMatches(token: string | null | undefined, hash: string | null): boolean {
  if (!token || !hash || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) return false;
  return timingSafeEqual(Buffer.from(hashFollowToken(token), "hex"), Buffer.from(hash, "hex"));
}

export async function caseViewerOf(
  db: DbOrTx,
  kase: { id: string; reporterId: string | null; accessTokenHash: string | null; accusedId: string | null },
  who: { userId?: string | null; followToken?: string | null },
): Promise<CaseViewer> {
  const userId = who.userId ?? null;
  const roles = await rolesOf(db, userId);
  const isOfficer = hasPermission(roles, "case:handle");
  const parties: CaseParty[] = [];
  if (userId) {
    const owns = await db.caseWork.count({ where: { caseId: kase.id, work: workManagedBy(userId) } });
    if (owns > 0) parties.push("owner");
  }
  if ((userId && kase.reporterId === userId) || tokenMatches(who.followToken, kase.accessTokenHash)) parties.push("reporter");
  if (userId && kase.accusedId === userId) parties.push("respondent");
  return { userId, isOfficer, parties };
}

export function canSeeCase(v: CaseViewer): boolean {
  return v.isOfficer || v.parties.length > 0;
}

/** The state machine's actor for a party action (officers act as "officer"). */
export function partyActor(v: CaseViewer): CaseActor {
  return v.parties[0] ?? "public";
}

/** Evidence.uploaderParty / CaseEvent.actorParty spell the respondent "accused". */
export function storedParty(p: CaseActor): string {
  return p === "respondent" ? "accused" : p === "public" ? "reporter" : p;
}
