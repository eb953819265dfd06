import { Prisma } from "@prisma/client";
import { DomainError } from "~/domain/errors";
import type { Db, Tx } from "~/utils/db.server";

type IdempotentKind = "work" | "deal";

/** The id of what an earlier submission with this key created, or null. */
export async function findIdempotentResult(db: Db | Tx, { userId, key, kind }: { userId: string; key: string; kind: IdempotentKind }): Promise<string | null> {
  const row = await db.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } });
  if (!row) return null;
  if (row.kind !== kind) throw new DomainError("CONFLICT", "common.error.idempotencyKeyReused");
  return row.entityId;
}

/**
 * Records the key inside the creating transaction. A concurrent submission with the same key
 * makes one of the two transactions fail on the primary key (P2002) and roll back entirely;
 * the caller then returns the winner's result (`findIdempotentResult`).
 */
export async function claimIdempotencyKey(tx: Tx, data: { userId: string; key: string; kind: IdempotentKind; entityId: string }): Promise<void> {
  await tx.idempotencyKey.create({ data });
}

export function isUniqueViolation(e: unknown): boolean {
  return (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") || (e as { code?: string } | null)?.code === "P2002";
}

/** Keys outlive any plausible retry of their form by far after this. */
const IDEMPOTENCY_KEY_TTL_MS = 30 * 24 * 3600_000;

export async function pruneIdempotencyKeys({ db, now = new Date() }: { db: Db; now?: Date }): Promise<number> {
  const { count } = await db.idempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS) } } });
  return count;
}
