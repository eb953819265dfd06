import crypto from "node:crypto";
import type { Tx } from "~/utils/db.server";
import { canonicalJson } from "~/domain/canonical-json";
import { GENESIS_HASH, auditPreimage } from "./audit-chain";

export function sha256hex(s: string | Buffer): string {
  return crypto.createHash("sha256").update(s).digest("hex");
}

export type AuditInput = {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data?: Record<string, unknown>;
};

/**
 * Append one event to the hash chain. MUST be called inside the transaction that makes the state
 * change it records, so the log and the state never disagree. The previous head is read inside the
 * same transaction; SQLite serialises writers and the unique hash column refuses a forked chain.
 */
export async function recordAuditEvent(tx: Tx, input: AuditInput) {
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const seq = (last?.seq ?? 0) + 1;
  const at = new Date();
  const data = JSON.parse(canonicalJson(input.data ?? {})) as unknown;
  const hash = sha256hex(
    auditPreimage(prevHash, {
      seq,
      at,
      actorId: input.actorId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      data,
    }),
  );
  return tx.auditEvent.create({
    data: {
      seq,
      at,
      actorId: input.actorId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      data: canonicalJson(data),
      prevHash,
      hash,
    },
  });
}
