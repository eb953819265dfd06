/**
 * What the work page (and /verify) shows about a certificate: is the stored signature valid, is
 * it in a batch with a proof that checks, is the batch anchored — and, when an RPC is configured,
 * is the Anchored event really on chain (read from the contract, cached for a minute).
 */
import { createHash } from "node:crypto";
import type { AnchorBatch, Certificate } from "@prisma/client";
import { JsonRpcProvider } from "ethers";
import { LRUCache } from "lru-cache";
import { prisma } from "~/utils/db.server";
import { getAnchorConfig } from "./anchoring-config.server";
import { findAnchorEvent } from "./anchor-client.server";
import { certificateFileOf } from "./get-certificate-file.server";
import { verifyCertificateFile, type VerificationResult } from "./verify-certificate";

type OnChainState = "confirmed" | "missing" | "unchecked" | "unreachable";

export type CertificateStatus = {
  number: string;
  kind: string;
  signer: string;
  signatureValid: boolean;
  issuedAt: string;
  anchoringConfigured: boolean;
  batch: null | {
    seq: number;
    root: string;
    proofValid: boolean;
    status: string;
    txHash: string | null;
    blockNumber: number | null;
    chainId: number | null;
    contract: string | null;
    anchoredAt: string | null;
    onChain: OnChainState;
  };
};

const chainCache = new Map<string, { at: number; state: OnChainState }>();
const CACHE_MS = 60_000;

async function confirmOnChain(root: string, txHash: string): Promise<OnChainState> {
  const config = getAnchorConfig();
  if (!config) return "unchecked";
  const key = `${config.rpcUrl}|${config.contract}|${root}`;
  const hit = chainCache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.state;
  const provider = new JsonRpcProvider(config.rpcUrl, config.chainId, { staticNetwork: true });
  let state: OnChainState;
  try {
    const ev = await Promise.race([
      findAnchorEvent({ provider, contract: config.contract, root, retries: 0 }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 4_000).unref()),
    ]);
    state = ev && ev.txHash.toLowerCase() === txHash.toLowerCase() ? "confirmed" : "missing";
  } catch {
    state = "unreachable";
  } finally {
    provider.destroy();
  }
  chainCache.set(key, { at: Date.now(), state });
  return state;
}

export async function getCertificateStatus(number: string, opts: { checkChain?: boolean } = {}): Promise<CertificateStatus | null> {
  const row = await prisma.certificate.findUnique({ where: { number }, include: { batch: true } });
  return row ? certificateStatusOf(row, opts) : null;
}

/**
 * A stored certificate file's checks depend on nothing but the file (no RPC, no expected
 * signer here), and recovering the signature costs milliseconds of CPU: remembered per file.
 * The file is a pure function of the row's stored fields read by `certificateFileOf` (record,
 * domain, signature, signer, proof, and the batch's), so those are the key: a page that shows a
 * checked certificate again does not rebuild the file (its leaf costs an EIP-712 digest).
 */
const verified = new LRUCache<string, VerificationResult>({ max: 10_000 });

function storedFileKey(row: Certificate & { batch: AnchorBatch | null }): string {
  const b = row.batch;
  const fields = [
    row.kind,
    row.record,
    row.domain,
    row.signature,
    row.signerAddress,
    row.proof,
    b?.seq,
    b?.root,
    b?.status,
    b?.txHash,
    b?.blockNumber,
    b?.chainId,
    b?.contractAddress,
  ];
  return createHash("sha256").update(JSON.stringify(fields)).digest("base64");
}

async function verifyStoredRow(row: Certificate & { batch: AnchorBatch | null }): Promise<VerificationResult> {
  const key = storedFileKey(row);
  let result = verified.get(key);
  if (!result) {
    result = await verifyCertificateFile(certificateFileOf(row));
    verified.set(key, result);
  }
  return result;
}

/** The status of a loaded certificate row (with its batch). */
export async function certificateStatusOf(row: Certificate & { batch: AnchorBatch | null }, opts: { checkChain?: boolean } = {}): Promise<CertificateStatus> {
  const result = await verifyStoredRow(row);
  const ok = (name: string) => result.checks.some((c) => c.name === name && c.ok && !c.skipped);
  const b = row.batch;
  let onChain: OnChainState = "unchecked";
  if (b && b.status === "anchored" && b.txHash && opts.checkChain !== false) onChain = await confirmOnChain(b.root, b.txHash);
  return {
    number: row.number,
    kind: row.kind,
    signer: row.signerAddress,
    signatureValid: ok("signature") && ok("registry") && ok("leaf"),
    issuedAt: row.createdAt.toISOString(),
    anchoringConfigured: getAnchorConfig() !== null,
    batch: b
      ? {
          seq: b.seq,
          root: b.root,
          proofValid: ok("proof"),
          status: b.status,
          txHash: b.status === "anchored" ? b.txHash : null,
          blockNumber: b.status === "anchored" ? b.blockNumber : null,
          chainId: b.chainId,
          contract: b.contractAddress,
          anchoredAt: b.anchoredAt?.toISOString() ?? null,
          onChain,
        }
      : null,
  };
}
