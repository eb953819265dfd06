/**
 * npm run anchor [-- --no-batch] [-- --audit-proof SEQ]
 * Makes a Merkle batch of the certificates issued since the last one (with the audit log head)
 * and, when ANCHOR_RPC_URL / ANCHOR_PRIVATE_KEY / ANCHOR_CONTRACT / ANCHOR_CHAIN_ID are set,
 * anchors every batch not yet on chain (resuming a send a crash interrupted). Prints what it did.
 * --audit-proof SEQ prints batch SEQ's audit-head leaf and its Merkle proof (docs/anchoring.md).
 * Exit 1 when a batch could not be anchored.
 */
// First: what this writes under DATA_DIR (database, images, secrets) is 0600 / folders 0700.
import "~/utils/private-files.server";
import { getEnv } from "~/utils/env.server";
import { getDb } from "~/utils/db.server";
import { getAnchorConfig } from "~/domain/anchoring/anchoring-config.server";
import { anchorPendingBatches } from "~/domain/anchoring/anchor-pending-batches.server";
import { batchTree, makeAnchorBatch } from "~/domain/anchoring/make-anchor-batch.server";
import { isDomainError } from "~/domain/errors";
import { translate } from "~/utils/i18n";

const args = process.argv.slice(2);
getEnv();
const db = getDb();
let code = 0;
try {
  const auditIdx = args.indexOf("--audit-proof");
  if (auditIdx >= 0) {
    const seq = Number(args[auditIdx + 1]);
    const batch = Number.isSafeInteger(seq) ? await db.anchorBatch.findUnique({ where: { seq } }) : null;
    if (!batch) throw new Error(`no batch ${args[auditIdx + 1] ?? ""}`);
    const { tree, leaves, auditHead } = await batchTree(db, batch.id);
    if (!auditHead) throw new Error(`batch ${seq} has no audit head leaf`);
    console.log(
      JSON.stringify(
        {
          batch: seq,
          root: tree.root,
          status: batch.status,
          txHash: batch.txHash,
          auditSeq: auditHead.seq,
          auditHash: auditHead.hash,
          leaf: auditHead.leaf,
          proof: tree.proof(leaves.indexOf(auditHead.leaf)),
        },
        null,
        2,
      ),
    );
  } else {
    if (!args.includes("--no-batch")) {
      const made = await makeAnchorBatch({ actorId: null });
      console.log(
        made
          ? `made batch ${made.seq}: ${made.certificates} certificate(s) + audit head #${made.auditHead?.seq ?? "-"}, ${made.count} leaves, root ${made.root}`
          : "no new certificates: no batch made",
      );
    }
    const config = getAnchorConfig();
    if (!config) {
      const pending = await db.anchorBatch.count({ where: { status: { not: "anchored" } } });
      console.log(`no chain configured (ANCHOR_RPC_URL, ANCHOR_PRIVATE_KEY, ANCHOR_CONTRACT, ANCHOR_CHAIN_ID): ${pending} batch(es) stay pending`);
    } else {
      console.log(`anchoring on chain ${config.chainId}, contract ${config.contract}`);
      const run = await anchorPendingBatches({ actorId: null, config });
      if (!run.batches.length) console.log("nothing to anchor");
      for (const b of run.batches) {
        const what =
          b.status === "anchored"
            ? `anchored in block ${b.blockNumber}, tx ${b.txHash}${b.alreadyAnchored ? " (was already on chain: nothing sent)" : ""}`
            : `${b.status}${b.error ? `: ${b.error}` : ""}`;
        console.log(`batch ${b.seq} (${b.root}): ${what}`);
        if (b.status !== "anchored") code = 1;
      }
    }
  }
} catch (e) {
  console.error(isDomainError(e) ? translate("en", e.messageKey, e.params) : (e as Error).message);
  code = 1;
} finally {
  await db.$disconnect();
}
process.exit(code);
