import { canonicalJson } from "~/domain/canonical-json";

export const GENESIS_HASH = "0".repeat(64);

type AuditEventBody = {
  seq: number;
  at: Date | string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: unknown;
};

/** The exact bytes that are hashed for one event: previous hash + canonical JSON of the event. */
export function auditPreimage(prevHash: string, event: AuditEventBody): string {
  const at = event.at instanceof Date ? event.at.toISOString() : new Date(event.at).toISOString();
  return (
    prevHash +
    canonicalJson({
      seq: event.seq,
      at,
      actorId: event.actorId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      data: event.data ?? null,
    })
  );
}

export type StoredAuditEvent = AuditEventBody & { prevHash: string; hash: string; data: string };

export type ChainCheck = { ok: true; count: number; head: string } | { ok: false; count: number; brokenAt: number; reason: string };

/** Recompute the chain; `sha256hex` is injected so this stays pure (node:crypto on the server). */
export function verifyAuditChain(events: StoredAuditEvent[], sha256hex: (s: string) => string): ChainCheck {
  let prev = GENESIS_HASH;
  let count = 0;
  for (const e of events) {
    if (e.prevHash !== prev) {
      return { ok: false, count, brokenAt: e.seq, reason: `event ${e.seq}: prevHash does not equal the hash of the event before it` };
    }
    let data: unknown;
    try {
      data = JSON.parse(e.data);
    } catch {
      return { ok: false, count, brokenAt: e.seq, reason: `event ${e.seq}: data is not valid JSON` };
    }
    const expected = sha256hex(auditPreimage(prev, { ...e, data }));
    if (expected !== e.hash) {
      return { ok: false, count, brokenAt: e.seq, reason: `event ${e.seq}: content does not match its hash (edited after the fact)` };
    }
    prev = e.hash;
    count++;
  }
  return { ok: true, count, head: prev };
}
