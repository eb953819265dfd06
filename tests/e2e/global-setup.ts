import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { spawnServer, type SpawnedServer } from "../setup/spawn-server";
import { createPostgresTestDatabase, testPostgresUrl } from "../setup/postgres-test-db";

let server: SpawnedServer | undefined;
let dataDir: string | undefined;
let dropDatabase = async () => {};

export default async function setup(project: TestProject) {
  if (!fs.existsSync("build/index.js")) throw new Error("Run `remix build` first (npm run test:e2e does).");
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-e2e-"));
  // SQLite by default; a fresh PostgreSQL database when TEST_POSTGRES_URL is set.
  const postgres = testPostgresUrl();
  let databaseUrl = `file:${path.join(dataDir, "e2e.db")}`;
  if (postgres) {
    const created = await createPostgresTestDatabase(postgres, "kilnmark_e2e");
    databaseUrl = created.url;
    dropDatabase = created.drop;
  }
  server = await spawnServer({
    dataDir,
    databaseUrl,
    host: "localhost",
    // Offline settlement needs a configured bank account; these are demo values, not a real one.
    env: {
      BANK_NAME: "Demo Bank, Jingdezhen Branch",
      BANK_ACCOUNT_NAME: "Demo Ceramic Copyright Exchange Center",
      BANK_ACCOUNT_NUMBER: "6222 0000 1111 2222",
    },
  });
  const baseUrl = server.url;
  project.provide("baseUrl", baseUrl);
  project.provide("dataDir", dataDir);
  project.provide("databaseUrl", databaseUrl);
  return async () => {
    await server?.stop();
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
