import { prisma } from "./db.server";

/**
 * Sliding-window limit backed by the database, so it holds across restarts and processes.
 * Returns the seconds to wait when the bucket is full, or 0 when the request may proceed.
 */
export async function checkRateLimit(bucket: string, limit: number, windowMs: number): Promise<number> {
  const since = new Date(Date.now() - windowMs);
  const hits = await prisma.rateLimitEvent.findMany({
    where: { bucket, at: { gt: since } },
    orderBy: { at: "asc" },
    select: { at: true },
    take: limit,
  });
  if (hits.length < limit) return 0;
  const oldest = hits[0].at.getTime();
  return Math.max(1, Math.ceil((oldest + windowMs - Date.now()) / 1000));
}

export async function hitRateLimit(bucket: string) {
  await prisma.rateLimitEvent.create({ data: { bucket } });
}

export async function clearRateLimit(bucket: string) {
  await prisma.rateLimitEvent.deleteMany({ where: { bucket } });
}

/** Check and count in one go (for public endpoints: every call counts). */
export async function consumeRateLimit(bucket: string, limit: number, windowMs: number): Promise<number> {
  const wait = await checkRateLimit(bucket, limit, windowMs);
  if (wait > 0) return wait;
  await hitRateLimit(bucket);
  return 0;
}

export async function pruneRateLimits(olderThanMs = 24 * 3600_000) {
  await prisma.rateLimitEvent.deleteMany({ where: { at: { lt: new Date(Date.now() - olderThanMs) } } });
}

export function clientIp(request: Request): string {
  const fwd = request.headers.get("x-forwarded-for");
  // The express server sets x-forwarded-for from the socket address (see server.ts), so this is
  // the peer address unless a trusted proxy in front of us set it.
  return (fwd?.split(",")[0] ?? "").trim() || "unknown";
}
