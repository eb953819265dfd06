/**
 * Recompute the audit log's hash chain: `npm run verify-audit`. Exit 0 when intact, 1 naming the
 * first broken link.
 */
import "~/utils/private-files.server";
import { getEnv } from "~/utils/env.server";
import { getDb } from "~/utils/db.server";
import { verifyAuditLog } from "~/domain/audit/verify-audit-log.server";

getEnv();
const db = getDb();
const result = await verifyAuditLog({ db });
await db.$disconnect();
if (result.ok) {
  console.log(`Audit log intact: ${result.count} events, head ${result.head}`);
  process.exit(0);
} else {
  console.error(`Audit log BROKEN at event #${result.brokenAt}: ${result.reason} (${result.count} events verified before it)`);
  process.exit(1);
}
