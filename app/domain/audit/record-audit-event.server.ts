import crypto from "node:crypto";
import type { Tx } from "~/utils/db.server";
import { canonicalJson } from "~/domain/canonical-json";
import { GENESIS_HASH, auditPreimage } from "./audit-chain";
import { AUDIT_EVENTS, type AuditEventInput } from "./audit-events";

export function sha256hex(s: string | Buffer): string {
  return crypto.createHash("sha256").update(s).digest("hex");
}

/**
 * Append one event to the hash chain. MUST be called inside the transaction that makes the state
 * change it records, so the log and the state never disagree. The previous head is read inside the
 * same transaction; SQLite serialises writers and the unique hash column refuses a forked chain.
 *
 * Only the events of audit-events.ts: the action fixes the entity type, and the data must match
 * the action's schema (checked here, fatal outside production; the caller's data is what gets stored and hashed).
 */
export async function recordAuditEvent(tx: Tx, input: AuditEventInput) {
  const def = AUDIT_EVENTS[input.action];
  const checked = def.data.safeParse(input.data);
  if (!checked.success) {
    // A drifted definition is a bug to fix, not a reason to refuse a payment or a registration in production.
    const problem = `audit event ${input.action}: data does not match its schema: ${checked.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`;
    if (process.env.NODE_ENV !== "production") throw new Error(problem);
    console.error(`[audit] ${problem}`);
  }
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const seq = (last?.seq ?? 0) + 1;
  const at = new Date();
  const data = JSON.parse(canonicalJson(input.data)) as unknown;
  // The chained fields, the same in the hash and in the row.
  const body = { seq, at, actorId: input.actorId, action: input.action, entityType: def.entityType, entityId: input.entityId };
  const hash = sha256hex(auditPreimage(prevHash, { ...body, data }));
  return tx.auditEvent.create({
    data: {
      ...body,
      data: canonicalJson(data),
      prevHash,
      hash,
    },
  });
}
