/**
 * Child process for the concurrency test: approves one deal through its own database connection,
 * starting at a shared instant, and prints {"ok":…} as its last line.
 */
import { createPrismaClient } from "~/utils/db.server";
import { approveDeal } from "~/domain/licensing/approve-deal.server";
import { isDomainError } from "~/domain/errors";

const [dealId, actorId, at] = process.argv.slice(2);
const db = createPrismaClient(process.env.DATABASE_URL!);
if (process.env.DATABASE_URL!.startsWith("file:")) await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
await new Promise((r) => setTimeout(r, Math.max(0, Number(at) - Date.now())));
try {
  await approveDeal({ db, actorId, dealId, feeBps: 1000, paymentMethod: "offline" });
  console.log(JSON.stringify({ ok: true }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: isDomainError(e) ? e.messageKey : String(e) }));
} finally {
  await db.$disconnect();
}
