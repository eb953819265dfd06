/**
 * The certificate slice's view of the configuration: the registry wallet (cached per data
 * directory and key), the chain certificates are signed for, and the anchoring settings.
 */
import type { Wallet } from "ethers";
import { getEnv } from "~/utils/env.server";
import { loadRegistryWallet } from "./registry-key.server";

let cachedWallet: { key: string; wallet: Wallet } | undefined;

/** The registry's signing wallet: REGISTRY_PRIVATE_KEY, or the key generated into DATA_DIR. */
export function getRegistryWallet(): Wallet {
  const env = getEnv();
  const key = `${env.DATA_DIR}\n${env.REGISTRY_PRIVATE_KEY ?? ""}`;
  if (cachedWallet?.key !== key) {
    cachedWallet = { key, wallet: loadRegistryWallet({ dataDir: env.DATA_DIR, privateKey: env.REGISTRY_PRIVATE_KEY ?? null }) };
  }
  return cachedWallet.wallet;
}

export type AnchorConfig = { rpcUrl: string; privateKey: string; contract: string; chainId: number };

/** null when no chain is configured: batches are made but stay "pending". */
export function getAnchorConfig(): AnchorConfig | null {
  const env = getEnv();
  if (!env.ANCHOR_RPC_URL || !env.ANCHOR_PRIVATE_KEY || !env.ANCHOR_CONTRACT || !env.ANCHOR_CHAIN_ID) return null;
  return { rpcUrl: env.ANCHOR_RPC_URL, privateKey: env.ANCHOR_PRIVATE_KEY, contract: env.ANCHOR_CONTRACT, chainId: env.ANCHOR_CHAIN_ID };
}

/** chainId written into new certificates: the configured anchor chain, or 0 (no chain). */
export function certificateChainId(): number {
  return getEnv().ANCHOR_CHAIN_ID ?? 0;
}

/** "30s" | "15m" | "1h" → milliseconds (the format env.server.ts validates). */
export function parseInterval(v: string): number {
  const m = /^(\d+)(s|m|h)$/.exec(v.trim());
  if (!m) throw new RangeError(`not a duration: ${v}`);
  const n = Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as "s" | "m" | "h"];
  return Math.max(n, 1_000);
}

/** The public base URL for links printed on certificates (PUBLIC_URL, else the request's origin). */
export function publicOrigin(request?: Request): string {
  const env = getEnv();
  if (env.PUBLIC_URL) return env.PUBLIC_URL.replace(/\/+$/, "");
  return request ? new URL(request.url).origin : `http://localhost:${env.PORT}`;
}
