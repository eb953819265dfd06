import type { Job } from "../background-jobs.server";
import { parseInterval } from "~/domain/anchoring/anchoring-config.server";
import { anchorPendingBatches } from "~/domain/anchoring/anchor-pending-batches.server";
import { makeAnchorBatch } from "~/domain/anchoring/make-anchor-batch.server";
import { getEnv } from "~/utils/env.server";

/**
 * Every ANCHOR_INTERVAL: the certificates issued since the last batch (and the audit log head)
 * become a Merkle batch, and every batch not yet on chain is anchored when a chain is configured
 * (otherwise they stay "pending"). Not at start-up: a restart does not cut a batch early, but
 * a batch left "sending" by a crash is resumed on the first tick.
 */
export const jobs: Job[] = [
  {
    name: "anchor-certificates",
    everyMs: parseInterval(getEnv().ANCHOR_INTERVAL),
    run: async () => {
      const made = await makeAnchorBatch({ actorId: null });
      if (made) console.log(`[certificates] batch ${made.seq}: ${made.certificates} certificate(s), root ${made.root}`);
      const run = await anchorPendingBatches({ actorId: null });
      for (const b of run.batches) {
        if (!run.configured) continue;
        console.log(`[certificates] batch ${b.seq}: ${b.status}${b.txHash ? ` ${b.txHash}` : ""}${b.error ? ` — ${b.error}` : ""}`);
      }
    },
  },
];
