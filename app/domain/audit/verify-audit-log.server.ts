import type { PrismaClient } from "@prisma/client";
import { verifyAuditChain, type ChainCheck } from "./audit-chain";
import { sha256hex } from "./record-audit-event.server";

export async function verifyAuditLog({ db }: { db: PrismaClient }): Promise<ChainCheck> {
  const events = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
  return verifyAuditChain(events, (s) => sha256hex(s));
}
