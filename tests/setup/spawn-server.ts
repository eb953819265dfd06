import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "./free-port";

export type SpawnedServer = { url: string; proc: ChildProcess; logFile: string; stop: () => Promise<void> };

/**
 * The production server (`server.ts` over the last `remix build`) on a free port, started the way the
 * end-to-end tests and the benchmarks both need it: demo data seeded, e2e mode, its output in
 * `<dataDir>/server.log` (or `logFile`). Resolves once /resources/healthcheck answers. Each start
 * takes a new port: a test that restarts its server reads `url` again.
 */
export async function spawnServer({
  dataDir,
  databaseUrl,
  env = {},
  cwd,
  host = "127.0.0.1",
  timeoutMs = 120_000,
  logFile = path.join(dataDir, "server.log"),
  unsetEnv = [],
  stopGraceMs = 5_000,
}: {
  dataDir: string;
  databaseUrl: string;
  /** Added to (or overriding) the environment below. */
  env?: Record<string, string>;
  cwd?: string;
  /** The host name in the returned URL (the server listens on every interface). */
  host?: string;
  timeoutMs?: number;
  /** Where the server's output goes (appended); several servers on one DATA_DIR each name their own. */
  logFile?: string;
  /** Variables of this process's environment the server must not inherit (e.g. TRUST_PROXY). */
  unsetEnv?: string[];
  /** How long `stop` waits after SIGTERM before SIGKILL. */
  stopGraceMs?: number;
}): Promise<SpawnedServer> {
  const port = await freePort();
  const url = `http://${host}:${port}`;
  const log = fs.openSync(logFile, "a");
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    KILNMARK_E2E: "1",
    SEED_DEMO_DATA: "yes",
    ...env,
  };
  for (const name of unsetEnv) delete childEnv[name];
  const proc = spawn(process.execPath, ["--import", "tsx", "server.ts"], { cwd, env: childEnv, stdio: ["ignore", log, log] });
  fs.closeSync(log);
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, stopGraceMs))]);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`server exited during start-up:\n${fs.readFileSync(logFile, "utf8").slice(-4000)}`);
    try {
      if ((await fetch(`${url}/resources/healthcheck`)).ok) return { url, proc, logFile, stop };
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not start in ${timeoutMs / 1000} s:\n${fs.readFileSync(logFile, "utf8").slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}
