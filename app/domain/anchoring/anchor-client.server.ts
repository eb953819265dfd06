/**
 * Puts a batch root on chain through the Anchor contract, safely across retries and restarts.
 *
 * The transaction is signed locally first and its hash reported (state "sending", with the raw
 * signed transaction) BEFORE it is broadcast: the caller persists both, and if the process dies
 * anywhere after that, calling anchorRoot again with `resume` re-broadcasts the very same
 * transaction (same nonce, same hash) or finds its receipt — it never pays for a second anchor.
 * Independently of `resume`, the contract's `anchoredAt(root)` is checked before anything is
 * sent, so a root that made it on chain is reported with its original transaction.
 */
import { Contract, getAddress, JsonRpcProvider, keccak256, Transaction, Wallet, type Provider, type TransactionReceipt } from "ethers";
import { DomainError } from "~/domain/errors";
import { ANCHOR_ABI, ANCHORED_TOPIC, anchorInterface } from "./anchor-contract";
import { isHex32 } from "./merkle";

export type AnchorState =
  | { state: "checking" }
  | { state: "already-anchored"; txHash: string; blockNumber: number }
  /** Persist txHash + rawTransaction now: they are what a restarted process resumes from. */
  | { state: "sending"; txHash: string; rawTransaction: string; nonce: number }
  | { state: "confirmed"; txHash: string; blockNumber: number }
  | { state: "failed"; txHash: string | null; messageKey: string };

export type AnchorResult = {
  chainId: number;
  contract: string;
  txHash: string;
  blockNumber: number;
  /** True when the root was already on chain and nothing was sent by this call. */
  alreadyAnchored: boolean;
};

type RetryOptions = {
  /** Attempts per network call after the first (default 5). */
  retries?: number;
  /** First back-off delay, doubled on each retry up to maxDelayMs (defaults 500 ms / 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
};

export type AnchorRootOptions = RetryOptions & {
  provider?: Provider;
  rpcUrl?: string;
  privateKey: string;
  contract: string;
  root: string;
  count: number;
  uri: string;
  onStateChange?: (s: AnchorState) => void | Promise<void>;
  /** What a previous run persisted at "sending"; rawTransaction lets a dropped tx be re-broadcast. */
  resume?: { txHash: string; rawTransaction?: string | null } | null;
  /** How long to wait for the receipt before giving up (the tx may still be mined later). */
  receiptTimeoutMs?: number;
  pollIntervalMs?: number;
  /** Skips gas estimation (used by tests to get a mined-but-reverted transaction). */
  gasLimit?: bigint;
};

const TRANSIENT_CODES = new Set([
  "NETWORK_ERROR",
  "SERVER_ERROR",
  "TIMEOUT",
  "UNKNOWN_ERROR",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
]);

function errCode(e: unknown): string {
  return String((e as { code?: unknown })?.code ?? "");
}

function errText(e: unknown): string {
  const x = e as { shortMessage?: string; message?: string };
  return (x?.shortMessage ?? x?.message ?? String(e)).slice(0, 300);
}

function isTransientError(e: unknown): boolean {
  if (TRANSIENT_CODES.has(errCode(e))) return true;
  const cause = (e as { cause?: unknown })?.cause;
  if (cause && TRANSIENT_CODES.has(errCode(cause))) return true;
  return /fetch failed|socket hang up|ECONNREFUSED|ECONNRESET/i.test(errText(e));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs fn, retrying transient network failures with exponential back-off. */
async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const retries = opts.retries ?? 5;
  const base = opts.baseDelayMs ?? 500;
  const max = opts.maxDelayMs ?? 30_000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransientError(e)) throw e;
      if (attempt >= retries) {
        throw new DomainError("UPSTREAM", "certificates.anchor.error.unreachable", { attempts: attempt + 1, problem: errText(e) });
      }
      await sleep(Math.min(max, base * 2 ** attempt));
    }
  }
}

function describeRevert(e: unknown): string {
  const data = (e as { data?: string })?.data;
  if (typeof data === "string" && data.length >= 10) {
    try {
      const parsed = anchorInterface.parseError(data);
      if (parsed) return parsed.name;
    } catch {
      /* not one of ours: fall through to the message */
    }
  }
  return errText(e);
}

type AnchorEvent = { txHash: string; blockNumber: number; count: bigint; uri: string };

/**
 * The Anchored event of `root`, or null. Reads the block from the contract's mapping first, so
 * the log query covers one block (public RPCs refuse wide log ranges).
 */
export async function findAnchorEvent(opts: RetryOptions & { provider: Provider; contract: string; root: string }): Promise<AnchorEvent | null> {
  const c = new Contract(getAddress(opts.contract), ANCHOR_ABI, opts.provider);
  const block = Number(await withRetry(() => c.anchoredAt(opts.root) as Promise<bigint>, opts));
  if (block === 0) return null;
  const logs = await withRetry(() => c.queryFilter(c.filters.Anchored(opts.root), block, block), opts);
  const log = logs[0];
  if (!log || !("args" in log)) return null;
  return { txHash: log.transactionHash, blockNumber: log.blockNumber, count: log.args.count as bigint, uri: log.args.uri as string };
}

export async function anchorRoot(opts: AnchorRootOptions): Promise<AnchorResult> {
  if (!isHex32(opts.root) || /^0x0{64}$/.test(opts.root)) throw new DomainError("BAD_INPUT", "certificates.anchor.error.badRoot");
  const ownsProvider = !opts.provider;
  const provider = opts.provider ?? new JsonRpcProvider(opts.rpcUrl, undefined, { staticNetwork: true });
  try {
    return await run(opts, provider);
  } finally {
    if (ownsProvider) (provider as JsonRpcProvider).destroy();
  }
}

async function run(opts: AnchorRootOptions, provider: Provider): Promise<AnchorResult> {
  const retry = <T>(fn: () => Promise<T>) => withRetry(fn, opts);
  const emit = async (s: AnchorState) => {
    await opts.onStateChange?.(s);
  };
  const contract = getAddress(opts.contract);
  const root = opts.root.toLowerCase();
  const wallet = new Wallet(opts.privateKey, provider);
  const chainId = Number((await retry(() => provider.getNetwork())).chainId);
  const result = (txHash: string, blockNumber: number, alreadyAnchored: boolean): AnchorResult => ({
    chainId,
    contract,
    txHash,
    blockNumber,
    alreadyAnchored,
  });

  if ((await retry(() => provider.getCode(contract))) === "0x") {
    throw new DomainError("UNPROCESSABLE", "certificates.anchor.error.noContract", { contract });
  }

  await emit({ state: "checking" });
  const existing = () => findAnchorEvent({ ...opts, provider, contract, root });
  // After a failure the question is asked again; ethers would answer an identical call made within
  // 250 ms from its request cache, so wait past it.
  const recheck = async () => {
    await sleep(300);
    return existing();
  };
  let found = await existing();

  // A previous run's transaction: wait for it (re-broadcasting it if it was dropped) and, when it
  // is the one that anchored this root, report it as this call's own confirmation.
  if (opts.resume && !found) {
    const receipt = await resumePending(opts, provider, retry, emit);
    if (receipt?.status === 1 && anchorsRoot(receipt, contract, root)) {
      await emit({ state: "confirmed", txHash: receipt.hash, blockNumber: receipt.blockNumber });
      return result(receipt.hash, receipt.blockNumber, false);
    }
  }
  if (!found && opts.resume) found = await recheck(); // the resumed tx may have failed for that reason
  if (found) {
    await emit({ state: "already-anchored", txHash: found.txHash, blockNumber: found.blockNumber });
    return result(found.txHash, found.blockNumber, true);
  }

  const data = anchorInterface.encodeFunctionData("anchor", [root, opts.count, opts.uri]);
  // Loops only when our nonce was taken by another transaction of the same key (then re-signed).
  for (let round = 0; round < 3; round++) {
    let populated;
    try {
      populated = await retry(() => wallet.populateTransaction({ to: contract, data, gasLimit: opts.gasLimit }));
    } catch (e) {
      if (errCode(e) !== "CALL_EXCEPTION") throw e;
      // Estimation reverted: maybe another process anchored the root meanwhile (AlreadyAnchored).
      const now = await recheck();
      if (now) {
        await emit({ state: "already-anchored", txHash: now.txHash, blockNumber: now.blockNumber });
        return result(now.txHash, now.blockNumber, true);
      }
      await emit({ state: "failed", txHash: null, messageKey: "certificates.anchor.error.reverted" });
      throw new DomainError("UPSTREAM", "certificates.anchor.error.reverted", { problem: describeRevert(e) });
    }
    const rawTransaction = await wallet.signTransaction(populated);
    const txHash = keccak256(rawTransaction);
    await emit({ state: "sending", txHash, rawTransaction, nonce: Number(populated.nonce) });

    const broadcastOk = await broadcast(provider, rawTransaction, txHash, retry);
    if (!broadcastOk) {
      await sleep(300); // past ethers' request cache, or the stale nonce would be read again
      continue; // nonce used by something else and our tx unknown: sign again
    }

    const receipt = await waitForReceipt(provider, txHash, opts, retry);
    if (receipt.status === 1) {
      await emit({ state: "confirmed", txHash, blockNumber: receipt.blockNumber });
      return result(txHash, receipt.blockNumber, false);
    }
    const now = await recheck();
    if (now) {
      await emit({ state: "already-anchored", txHash: now.txHash, blockNumber: now.blockNumber });
      return result(now.txHash, now.blockNumber, true);
    }
    await emit({ state: "failed", txHash, messageKey: "certificates.anchor.error.reverted" });
    throw new DomainError("UPSTREAM", "certificates.anchor.error.reverted", { problem: `transaction ${txHash} reverted` });
  }
  throw new DomainError("UPSTREAM", "certificates.anchor.error.reverted", { problem: "the account's nonce kept being taken by other transactions" });
}

function anchorsRoot(receipt: TransactionReceipt, contract: string, root: string): boolean {
  return receipt.logs.some((l) => l.address.toLowerCase() === contract.toLowerCase() && l.topics[0] === ANCHORED_TOPIC && l.topics[1]?.toLowerCase() === root);
}

type Retry = <T>(fn: () => Promise<T>) => Promise<T>;

/** true when the network has (or had) the transaction; false when its nonce went to another tx. */
async function broadcast(provider: Provider, raw: string, txHash: string, retry: Retry): Promise<boolean> {
  try {
    await retry(() => provider.broadcastTransaction(raw));
    return true;
  } catch (e) {
    const text = errText(e).toLowerCase();
    // A retried broadcast whose first attempt did arrive: the node already has it.
    if (text.includes("already known") || text.includes("already imported") || errCode(e) === "NONCE_EXPIRED" || text.includes("nonce too low")) {
      // ethers answers an identical request made within 250 ms from its cache: step past it, or
      // an earlier "not found" would hide the transaction the node just told us it has.
      await sleep(300);
      const known = (await retry(() => provider.getTransaction(txHash))) ?? (await retry(() => provider.getTransactionReceipt(txHash)));
      return known !== null;
    }
    throw e;
  }
}

async function waitForReceipt(provider: Provider, txHash: string, opts: AnchorRootOptions, retry: Retry): Promise<TransactionReceipt> {
  const timeout = opts.receiptTimeoutMs ?? 5 * 60_000;
  const poll = opts.pollIntervalMs ?? 1_000;
  const deadline = Date.now() + timeout;
  for (;;) {
    const receipt = await retry(() => provider.getTransactionReceipt(txHash));
    if (receipt) return receipt;
    if (Date.now() >= deadline) {
      throw new DomainError("UPSTREAM", "certificates.anchor.error.timeout", { txHash, seconds: Math.round(timeout / 1000) });
    }
    await sleep(poll);
  }
}

async function resumePending(
  opts: AnchorRootOptions,
  provider: Provider,
  retry: Retry,
  emit: (s: AnchorState) => Promise<void>,
): Promise<TransactionReceipt | null> {
  const { txHash, rawTransaction } = opts.resume!;
  const receipt = await retry(() => provider.getTransactionReceipt(txHash));
  if (receipt) return receipt;
  const pending = await retry(() => provider.getTransaction(txHash));
  let nonce = pending?.nonce;
  if (!pending) {
    // Dropped from the mempool, or never broadcast: re-send the very same signed transaction.
    if (!rawTransaction || keccak256(rawTransaction) !== txHash.toLowerCase()) return null;
    if (!(await broadcast(provider, rawTransaction, txHash, retry))) return null; // nonce went elsewhere
    nonce = Transaction.from(rawTransaction).nonce;
  }
  await emit({ state: "sending", txHash, rawTransaction: rawTransaction ?? "", nonce: nonce ?? -1 });
  return waitForReceipt(provider, txHash, opts, retry);
}

/** Deploys contracts/Anchor.json's bytecode; the deployer becomes the only key allowed to anchor. */
export async function deployAnchorContract(opts: { provider: Provider; privateKey: string; bytecode: string }): Promise<{ address: string; txHash: string }> {
  const wallet = new Wallet(opts.privateKey, opts.provider);
  const tx = await wallet.sendTransaction({ data: opts.bytecode });
  const receipt = await tx.wait();
  if (!receipt || receipt.status !== 1 || !receipt.contractAddress) {
    throw new DomainError("UPSTREAM", "certificates.anchor.error.reverted", { problem: `deployment ${tx.hash} failed` });
  }
  return { address: getAddress(receipt.contractAddress), txHash: tx.hash };
}
