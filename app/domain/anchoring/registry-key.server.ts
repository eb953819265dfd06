/**
 * The registry's signing key. From REGISTRY_PRIVATE_KEY when set (production: the operator keeps
 * the key outside the data directory), otherwise generated once into <dataDir>/registry-key.json
 * (mode 0600) so a development or single-machine install signs with a stable address.
 */
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Wallet } from "ethers";
import { DomainError } from "~/domain/errors";

export const REGISTRY_KEY_FILE = "registry-key.json";

type KeyFile = { format: "kilnmark-registry-key/1"; address: string; privateKey: string; createdAt: string };

function walletFrom(privateKey: string, source: string): Wallet {
  try {
    return new Wallet(privateKey.startsWith("0x") ? privateKey : `0x${privateKey}`);
  } catch {
    throw new DomainError("BAD_INPUT", "certificates.registryKey.invalid", { source });
  }
}

export function loadRegistryWallet(opts: { dataDir: string; privateKey?: string | null }): Wallet {
  const fromEnv = opts.privateKey ?? process.env.REGISTRY_PRIVATE_KEY;
  if (fromEnv && fromEnv.trim()) return walletFrom(fromEnv.trim(), "REGISTRY_PRIVATE_KEY");

  const file = path.join(opts.dataDir, REGISTRY_KEY_FILE);
  if (existsSync(file)) {
    let parsed: KeyFile;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8")) as KeyFile;
    } catch {
      throw new DomainError("BAD_INPUT", "certificates.registryKey.invalid", { source: file });
    }
    const wallet = walletFrom(String(parsed.privateKey ?? ""), file);
    if (parsed.address && parsed.address.toLowerCase() !== wallet.address.toLowerCase()) {
      throw new DomainError("BAD_INPUT", "certificates.registryKey.invalid", { source: file });
    }
    return wallet;
  }

  mkdirSync(opts.dataDir, { recursive: true });
  const wallet = Wallet.createRandom();
  const body: KeyFile = {
    format: "kilnmark-registry-key/1",
    address: wallet.address,
    privateKey: wallet.privateKey,
    createdAt: new Date().toISOString(),
  };
  // Write a temp file, then hard-link it into place: link() fails if the key file appeared
  // meanwhile, so two processes starting at once never end up signing with different keys, and a
  // crash never leaves a half-written key file.
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, JSON.stringify(body, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(tmp, 0o600); // explicit: the mode given to writeFileSync is still filtered by the umask
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return loadRegistryWallet(opts); // lost the race: use the winner's key
  } finally {
    unlinkSync(tmp);
  }
  return new Wallet(wallet.privateKey);
}
