/**
 * One runner per background job across every app instance on a database. Before each run an
 * instance takes (or renews) the job's lease row; only the holder runs. The holder renews at each
 * of its ticks, so while it lives nobody else gets the job; when it stops (crash, deploy), the
 * lease expires one and a half periods after its last renewal and the next instance to tick takes
 * the job over. Portable (plain rows, conditional update): SQLite and PostgreSQL alike.
 */
import crypto from "node:crypto";
import os from "node:os";
import type { PrismaClient } from "@prisma/client";

/** This process, as a lease holder. */
const LEASE_HOLDER = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;

/** How long a lease outlives its holder's last renewal: 1.5 periods, at least a minute. */
export function leaseTtlMs(everyMs: number): number {
  return Math.max(Math.round(everyMs * 1.5), 60_000);
}

/**
 * Takes or renews the lease on `name` for `ttlMs`; true when this holder has it now. Atomic: the
 * renewal is one conditional UPDATE; a lease row that does not exist yet is created by exactly one
 * instance (primary key), the others see it held.
 */
export async function acquireLease(db: PrismaClient, name: string, ttlMs: number, { holder = LEASE_HOLDER, now = new Date() } = {}): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const { count } = await db.jobLease.updateMany({
    where: { name, OR: [{ holder }, { expiresAt: { lt: now } }] },
    data: { holder, expiresAt },
  });
  if (count === 1) return true;
  try {
    await db.jobLease.create({ data: { name, holder, expiresAt } });
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return false; // another instance holds it
    throw e;
  }
}

/** Gives the lease up (a clean shutdown), so another instance takes the job at its next tick. */
export async function releaseLeases(db: PrismaClient, holder = LEASE_HOLDER): Promise<void> {
  await db.jobLease.updateMany({ where: { holder }, data: { expiresAt: new Date(0) } });
}
