/**
 * Anchors every batch not yet on chain (pending, sending — a send interrupted by a restart — and
 * failed), oldest first, through anchorRoot:
 *  - the signed transaction and its nonce are stored (status "sending") BEFORE broadcast, so a
 *    restarted process resumes that very transaction instead of paying for a second one;
 *  - anchorRoot reads the contract first, so a root already on chain is recorded with its original
 *    transaction, never sent again;
 *  - a reverted or failed transaction marks the batch "failed" (retried on the next run), never
 *    "anchored"; only a confirmed receipt or the on-chain event does.
 * Without ANCHOR_RPC_URL / ANCHOR_PRIVATE_KEY / ANCHOR_CONTRACT the batches stay "pending".
 */
import { JsonRpcProvider, type Provider } from "ethers";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError, isDomainError } from "~/domain/errors";
import { prisma } from "~/utils/db.server";
import { translate } from "~/utils/i18n";
import { getAnchorConfig, type AnchorConfig } from "./anchoring-config.server";
import { anchorRoot, type AnchorResult, type AnchorRootOptions } from "./anchor-client.server";
import { assertAnchorPermission } from "./make-anchor-batch.server";

type BatchOutcome = {
  seq: number;
  root: string;
  status: "anchored" | "failed" | "sending" | "pending";
  txHash?: string;
  blockNumber?: number;
  alreadyAnchored?: boolean;
  error?: string;
};

type AnchorRun = { configured: boolean; chainId: number | null; batches: BatchOutcome[] };

type ClientTuning = Pick<AnchorRootOptions, "retries" | "baseDelayMs" | "maxDelayMs" | "receiptTimeoutMs" | "pollIntervalMs" | "gasLimit">;

let queue: Promise<unknown> = Promise.resolve();

/** Runs are serialised inside the process (background job and "anchor now" never overlap). */
export function anchorPendingBatches(opts: {
  actorId: string | null;
  config?: AnchorConfig | null;
  provider?: Provider;
  client?: ClientTuning;
}): Promise<AnchorRun> {
  const run = queue.then(() => anchorPending(opts));
  queue = run.catch(() => undefined);
  return run;
}

function messageOf(e: unknown): string {
  if (isDomainError(e)) return translate("en", e.messageKey, e.params);
  return ((e as { shortMessage?: string }).shortMessage ?? (e as Error).message ?? String(e)).slice(0, 500);
}

async function anchorPending({
  actorId,
  config: given,
  provider: givenProvider,
  client,
}: {
  actorId: string | null;
  config?: AnchorConfig | null;
  provider?: Provider;
  client?: ClientTuning;
}): Promise<AnchorRun> {
  if (actorId) await assertAnchorPermission(actorId);
  const config = given === undefined ? getAnchorConfig() : given;
  const batches = await prisma.anchorBatch.findMany({ where: { status: { in: ["pending", "sending", "failed"] } }, orderBy: { seq: "asc" } });
  if (!config)
    return { configured: false, chainId: null, batches: batches.map((b) => ({ seq: b.seq, root: b.root, status: b.status as BatchOutcome["status"] })) };
  if (batches.length === 0) return { configured: true, chainId: config.chainId, batches: [] };

  const provider = givenProvider ?? new JsonRpcProvider(config.rpcUrl, undefined, { staticNetwork: true });
  try {
    const chainId = Number((await provider.getNetwork()).chainId);
    if (chainId !== config.chainId) {
      throw new DomainError("UNPROCESSABLE", "certificates.anchor.error.wrongChain", { expected: config.chainId, actual: chainId });
    }
    const out: BatchOutcome[] = [];
    for (const b of batches) out.push(await anchorOne(b, config, provider, actorId, client));
    return { configured: true, chainId, batches: out };
  } finally {
    if (!givenProvider) (provider as JsonRpcProvider).destroy();
  }
}

type BatchRow = Awaited<ReturnType<typeof prisma.anchorBatch.findMany>>[number];

async function anchorOne(b: BatchRow, config: AnchorConfig, provider: Provider, actorId: string | null, client?: ClientTuning): Promise<BatchOutcome> {
  await prisma.anchorBatch.update({ where: { id: b.id }, data: { attempts: { increment: 1 } } });
  const resume = b.status === "sending" && b.txHash ? { txHash: b.txHash, rawTransaction: b.rawTransaction } : null;
  try {
    const res = await anchorRoot({
      ...client,
      provider,
      privateKey: config.privateKey,
      contract: config.contract,
      root: b.root,
      count: b.count,
      uri: `kilnmark:batch/${b.seq}`,
      resume,
      onStateChange: async (s) => {
        if (s.state === "sending") {
          await prisma.anchorBatch.update({
            where: { id: b.id },
            data: {
              status: "sending",
              txHash: s.txHash,
              ...(s.rawTransaction ? { rawTransaction: s.rawTransaction } : {}),
              ...(s.nonce >= 0 ? { nonce: s.nonce } : {}),
              chainId: config.chainId,
              contractAddress: config.contract,
            },
          });
        } else if (s.state === "failed") {
          await prisma.anchorBatch.update({
            where: { id: b.id },
            data: {
              status: "failed",
              txHash: null,
              rawTransaction: null,
              nonce: null,
              lastError: translate("en", s.messageKey, { problem: s.txHash ? `transaction ${s.txHash}` : "" }),
            },
          });
        }
      },
    });
    await markAnchored(b, res, actorId);
    return { seq: b.seq, root: b.root, status: "anchored", txHash: res.txHash, blockNumber: res.blockNumber, alreadyAnchored: res.alreadyAnchored };
  } catch (e) {
    const error = messageOf(e);
    const now = await prisma.anchorBatch.findUniqueOrThrow({ where: { id: b.id }, select: { status: true } });
    // "sending" stays: the stored transaction may still be mined, and the next run resumes it.
    await prisma.anchorBatch.update({ where: { id: b.id }, data: { lastError: error } });
    return { seq: b.seq, root: b.root, status: now.status as BatchOutcome["status"], error };
  }
}

async function markAnchored(b: BatchRow, res: AnchorResult, actorId: string | null) {
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.anchorBatch.updateMany({
      where: { id: b.id, status: { not: "anchored" } },
      data: {
        status: "anchored",
        txHash: res.txHash,
        blockNumber: res.blockNumber,
        chainId: res.chainId,
        contractAddress: res.contract,
        anchoredAt: new Date(),
        rawTransaction: null,
        lastError: null,
      },
    });
    if (count === 0) return;
    await recordAuditEvent(tx, {
      actorId,
      action: "anchor.batch.anchored",
      entityId: b.id,
      data: {
        seq: b.seq,
        root: b.root,
        chainId: res.chainId,
        contract: res.contract,
        txHash: res.txHash,
        blockNumber: res.blockNumber,
        alreadyAnchored: res.alreadyAnchored,
      },
    });
  });
}
