/**
 * Starts a real local EVM node (hardhat 2, `hardhat node`) for a test file.
 *   const node = await startHardhatNode();  ...  afterAll(() => node.stop());
 * The binary is started directly (not through npx) so the pid we kill is the server itself.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { HDNodeWallet, JsonRpcProvider, Mnemonic, Wallet } from "ethers";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// hardhat's well-known development mnemonic: its accounts are pre-funded with 10,000 ETH.
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

export type HardhatNode = {
  url: string;
  port: number;
  chainId: number;
  provider: JsonRpcProvider;
  /** Private key of funded account i (0 = deployer/owner by convention in tests). */
  privateKey(i: number): string;
  wallet(i: number): Wallet;
  /** Turn automatic mining off/on (off = sent transactions stay pending until `mine()`). */
  setAutomine(on: boolean): Promise<void>;
  mine(blocks?: number): Promise<void>;
  stop(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result;
}

export async function startHardhatNode(opts: { timeoutMs?: number } = {}): Promise<HardhatNode> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const bin = path.join(ROOT, "node_modules/.bin/hardhat");
  const child: ChildProcess = spawn(bin, ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: ROOT,
    env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  child.stderr?.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  let exited = false;
  child.on("exit", () => (exited = true));

  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    if (exited) throw new Error(`hardhat node exited during start-up:\n${log}`);
    try {
      await rpc(url, "eth_chainId");
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`hardhat node did not answer on ${url} within the timeout:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const chainId = Number(await rpc(url, "eth_chainId"));
  const provider = new JsonRpcProvider(url, chainId, { staticNetwork: true, pollingInterval: 50 });
  const mnemonic = Mnemonic.fromPhrase(HARDHAT_MNEMONIC);
  const privateKey = (i: number) => HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`).privateKey;

  return {
    url,
    port,
    chainId,
    provider,
    privateKey,
    wallet: (i) => new Wallet(privateKey(i), provider),
    setAutomine: async (on) => void (await rpc(url, "evm_setAutomine", [on])),
    mine: async (blocks = 1) => {
      for (let i = 0; i < blocks; i++) await rpc(url, "evm_mine");
    },
    stop: async () => {
      provider.destroy();
      if (exited) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          child.kill("SIGKILL");
          resolve();
        }, 5_000);
        child.once("exit", () => {
          clearTimeout(t);
          resolve();
        });
        child.kill("SIGTERM");
      });
    },
  };
}
