/**
 * Remove temp files and unreferenced blobs from the file store (what the server also does at
 * start-up). Safe beside a running server: files younger than the grace period are kept.
 *   npm run sweep-storage -- [--min-age-seconds 3600] [--dry-run]
 */
import { parseArgs } from "node:util";
import { applyMigrations } from "~/startup/prepare-database.server";
import { describeSweep, sweepStorage } from "~/startup/sweep-storage.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

const { values } = parseArgs({ options: { "min-age-seconds": { type: "string" }, "dry-run": { type: "boolean" } } });
const env = getEnv();
const minAge = values["min-age-seconds"] !== undefined ? Number(values["min-age-seconds"]) : env.STORAGE_SWEEP_MIN_AGE_SECONDS;
if (!Number.isInteger(minAge) || minAge < 0) {
  console.error("--min-age-seconds: a whole number of seconds, 0 or more");
  process.exit(1);
}
await applyMigrations(env.DATABASE_URL);
const db = getDb();
try {
  const report = await sweepStorage({ db, dataDir: env.DATA_DIR, minAgeMs: minAge * 1000, dryRun: values["dry-run"] });
  for (const f of report.removed) console.log(`${values["dry-run"] ? "would remove" : "removed"} ${f}`);
  console.log(describeSweep(report));
} finally {
  await db.$disconnect();
}
