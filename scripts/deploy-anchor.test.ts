import { spawnSync } from "node:child_process";
import path from "node:path";
import { Contract, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANCHOR_ABI } from "../app/domain/anchoring/anchor-contract";
import { startHardhatNode, type HardhatNode } from "../tests/setup/hardhat";

const ROOT = path.resolve(__dirname, "..");
let node: HardhatNode;
beforeAll(async () => void (node = await startHardhatNode()));
afterAll(async () => void (await node?.stop()));

const run = (args: string[]) =>
  spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/deploy-anchor.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });

describe("scripts/deploy-anchor.ts", () => {
  it("deploys the committed artifact and prints its address; the key becomes the owner", async () => {
    const key = node.privateKey(2);
    const r = run(["--rpc", node.url, "--key", key]);
    expect(r.status, r.stderr).toBe(0);
    const address = r.stdout.trim();
    expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(await node.provider.getCode(address)).not.toBe("0x");
    const c = new Contract(address, ANCHOR_ABI, node.provider);
    expect(await c.owner()).toBe(new Wallet(key).address);
  });

  it("exits non-zero without arguments or when the chain is unreachable", () => {
    expect(run([]).status).toBe(2);
    expect(run(["--rpc", "http://127.0.0.1:1", "--key", node.privateKey(2)]).status).toBe(1);
  });
});
