import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Wallet } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadRegistryWallet, REGISTRY_KEY_FILE } from "./registry-key.server";

describe("loadRegistryWallet", () => {
  let dir: string;
  const savedEnv = process.env.REGISTRY_PRIVATE_KEY;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "kilnmark-key-"));
    delete process.env.REGISTRY_PRIVATE_KEY;
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (savedEnv === undefined) delete process.env.REGISTRY_PRIVATE_KEY;
    else process.env.REGISTRY_PRIVATE_KEY = savedEnv;
  });

  it("generates a key once into <dataDir>/registry-key.json with mode 0600, then reuses it", () => {
    const dataDir = path.join(dir, "nested");
    const a = loadRegistryWallet({ dataDir });
    const file = path.join(dataDir, REGISTRY_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8")).address).toBe(a.address);
    const b = loadRegistryWallet({ dataDir });
    expect(b.address).toBe(a.address);
    expect(b.privateKey).toBe(a.privateKey);
  });

  it("prefers an explicit key, then REGISTRY_PRIVATE_KEY, over the file", () => {
    const k = "0x" + "42".repeat(32);
    expect(loadRegistryWallet({ dataDir: dir, privateKey: k }).address).toBe(new Wallet(k).address);
    process.env.REGISTRY_PRIVATE_KEY = "43".repeat(32); // without 0x is accepted
    expect(loadRegistryWallet({ dataDir: dir }).address).toBe(new Wallet("0x" + "43".repeat(32)).address);
    expect(() => statSync(path.join(dir, REGISTRY_KEY_FILE))).toThrow(); // nothing generated
  });

  it("refuses an invalid key with a DomainError", () => {
    expect(() => loadRegistryWallet({ dataDir: dir, privateKey: "0x1234" })).toThrowError(/certificates.registryKey.invalid/);
  });
});
