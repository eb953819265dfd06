import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort } from "../setup/free-port";
import { createPostgresTestDatabase, testPostgresUrl } from "../setup/postgres-test-db";

let server: ChildProcess | undefined;
let dataDir: string | undefined;
let dropDatabase = async () => {};

export default async function setup(project: TestProject) {
  if (!fs.existsSync("build/index.js")) throw new Error("Run `remix build` first (npm run test:e2e does).");
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-e2e-"));
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  // SQLite by default; a fresh PostgreSQL database when TEST_POSTGRES_URL is set.
  const postgres = testPostgresUrl();
  let databaseUrl = `file:${path.join(dataDir, "e2e.db")}`;
  if (postgres) {
    const created = await createPostgresTestDatabase(postgres, "kilnmark_e2e");
    databaseUrl = created.url;
    dropDatabase = created.drop;
  }
  const logFile = path.join(dataDir, "server.log");
  const log = fs.openSync(logFile, "a");
  server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      KILNMARK_E2E: "1",
      SEED_DEMO_DATA: "yes",
      // Offline settlement needs a configured bank account; these are demo values, not a real one.
      BANK_NAME: "Demo Bank, Jingdezhen Branch",
      BANK_ACCOUNT_NAME: "Demo Ceramic Copyright Exchange Center",
      BANK_ACCOUNT_NUMBER: "6222 0000 1111 2222",
    },
    stdio: ["ignore", log, log],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error("Server exited during start-up:\n" + fs.readFileSync(logFile, "utf8"));
    try {
      const r = await fetch(`${baseUrl}/resources/healthcheck`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error("Server did not start in 120 s:\n" + fs.readFileSync(logFile, "utf8"));
    await new Promise((r) => setTimeout(r, 300));
  }
  project.provide("baseUrl", baseUrl);
  project.provide("dataDir", dataDir);
  project.provide("databaseUrl", databaseUrl);
  return async () => {
    server?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    if (!process.env.KEEP_E2E_DATA) await dropDatabase();
    if (process.env.KEEP_E2E_DATA) console.log("e2e data kept in", dataDir);
    else fs.rmSync(dataDir!, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
    databaseUrl: string;
  }
}
