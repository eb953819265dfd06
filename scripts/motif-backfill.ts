/**
 * Computes the motif-matching features of views stored before motif matching existed:
 *   npm run motif:backfill
 * Resumable (views that have features are skipped) and safe beside the running server, which
 * keeps matching by PDQ meanwhile and picks each view up for motif matching once its file exists.
 * Exit code 0 when every view has features, 2 when some failed (listed), 1 when it could not run.
 */
import "~/utils/private-files.server";
import cliProgress from "cli-progress";
import { backfillFeatures } from "~/domain/imaging/motif/backfill-features.server";
import { closeMotifPool } from "~/domain/imaging/motif/motif-pool.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

const env = getEnv();
const db = getDb();
const bar = new cliProgress.SingleBar(
  { format: "motif features |{bar}| {value}/{total} views · computed {computed} · skipped {skipped} · failed {failed} · ETA {eta_formatted}" },
  cliProgress.Presets.shades_classic,
);
let started = false;
try {
  const result = await backfillFeatures({
    db,
    dataDir: env.DATA_DIR,
    onProgress: (p) => {
      if (!started) {
        bar.start(p.total, 0, { computed: 0, skipped: 0, failed: 0 });
        started = true;
      }
      bar.update(p.done, { computed: p.computed, skipped: p.skipped, failed: p.failed });
    },
  });
  if (started) bar.stop();
  console.log(`${result.total} images: ${result.computed} computed, ${result.skipped} already had features, ${result.failed} failed.`);
  for (const f of result.failures) console.error(`  ${f.sha256}: ${f.error}`);
  process.exitCode = result.failed ? 2 : 0;
} catch (e) {
  if (started) bar.stop();
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await closeMotifPool();
  await db.$disconnect();
}
