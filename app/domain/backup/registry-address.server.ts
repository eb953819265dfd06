import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Wallet } from "ethers";
import { REGISTRY_KEY_FILE } from "~/domain/anchoring/registry-key.server";

/**
 * The registry's signing address without creating a key (loadRegistryWallet generates one when
 * none exists; a backup or restore must never do that). Null when there is no key yet.
 */
export function readRegistryAddress(dataDir: string, privateKey = process.env.REGISTRY_PRIVATE_KEY): string | null {
  if (privateKey && privateKey.trim()) {
    const k = privateKey.trim();
    return new Wallet(k.startsWith("0x") ? k : `0x${k}`).address;
  }
  const file = path.join(dataDir, REGISTRY_KEY_FILE);
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { privateKey?: string };
  return new Wallet(String(parsed.privateKey ?? "")).address;
}
