/**
 * The database from the process's side (real server processes, not the suite's shared server):
 * - a DATABASE_URL (or a REDIS_URL) that cannot be used stops start-up with exit code 78 and one
 *   line naming the reason, the password masked, no stack trace;
 * - PostgreSQL lost while serving: /resources/healthcheck answers 503, and 200 again once the
 *   database is back, with no restart. The loss is made by a TCP proxy between the app and the
 *   shared PostgreSQL server (closed and reopened), never by stopping that server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../setup/free-port";
import { spawnServer, type SpawnedServer } from "../setup/spawn-server";
import { createPostgresTestDatabase, testPostgresUrl, withDatabase } from "../setup/postgres-test-db";
import { hostPort, startTcpProxy, type TcpProxy } from "../setup/tcp-proxy";

const PASSWORD = "s3cret-Pw-42";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function serverEnv(dataDir: string, databaseUrl: string, port: number): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: "production", PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: databaseUrl, KILNMARK_E2E: "1", SEED_DEMO_DATA: "yes" };
}

/** Runs the server until it exits (at most 60 s); returns its exit code and output. */
async function startExpectingExit(
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-baddb-"));
  try {
    const proc = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
      env: { ...serverEnv(dataDir, databaseUrl, await freePort()), ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => proc.kill("SIGKILL"), 60_000);
    const code = await new Promise<number | null>((r) => proc.once("exit", (c) => r(c)));
    clearTimeout(timer);
    return { code, stdout, stderr };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function expectOneConfigLine(out: { code: number | null; stdout: string; stderr: string }, reason: string) {
  expect(out.code).toBe(78);
  const lines = out.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^DATABASE_URL: cannot use the database at postgresql:\/\/kilnmark:\*\*\*@/);
  expect(lines[0]).toContain(reason);
  expect(out.stderr + out.stdout).not.toContain(PASSWORD);
  expect(out.stderr).not.toMatch(/^\s+at /m);
}

describe("a DATABASE_URL that cannot be used", () => {
  it("nothing listening at its host and port: exit 78, one line, password masked", async () => {
    const closed = await freePort();
    const out = await startExpectingExit(`postgresql://kilnmark:${PASSWORD}@127.0.0.1:${closed}/kilnmark`);
    expectOneConfigLine(out, "nothing accepts connections at that host and port");
  });

  it.runIf(!!testPostgresUrl())("a database that does not exist on a reachable server: exit 78, one line, password masked", async () => {
    const u = new URL(withDatabase(testPostgresUrl()!, "kilnmark_no_such_database"));
    u.username = "kilnmark";
    u.password = PASSWORD;
    const out = await startExpectingExit(u.toString());
    expect(out.code).toBe(78);
    // Trust authentication (the test server) lets any user name in as far as the database check.
    expect(out.stderr).toMatch(/the database does not exist|the server refused this user|the password was refused/);
    expectOneConfigLine(out, "");
  });
});

describe("a REDIS_URL that cannot be used", () => {
  it("nothing listening at its host and port: exit 78, one line, password masked", async () => {
    const closed = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-badredis-db-"));
    try {
      const out = await startExpectingExit(`file:${path.join(dataDir, "app.db")}`, { REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${closed}/0` });
      expect(out.code).toBe(78);
      const lines = out.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^REDIS_URL: cannot reach Redis at redis:\/\/:\*\*\*\*@127\.0\.0\.1:\d+\/0 \(ECONNREFUSED\)/);
      expect(out.stderr + out.stdout).not.toContain(PASSWORD);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.runIf(!!testPostgresUrl())("PostgreSQL lost while serving", () => {
  let proxy: TcpProxy;
  let server: SpawnedServer | undefined;
  let proc: ChildProcess;
  let dataDir = "";
  let logFile = "";
  let base = "";
  let drop = async () => {};

  const health = () =>
    fetch(`${base}/resources/healthcheck`, { signal: AbortSignal.timeout(15_000) }).then(
      (r) => r.status,
      () => 0,
    );

  async function waitForStatus(status: number, withinMs: number): Promise<number> {
    const start = Date.now();
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}):\n${fs.readFileSync(logFile, "utf8")}`);
      if ((await health()) === status) return Date.now() - start;
      if (Date.now() - start > withinMs) throw new Error(`no ${status} within ${withinMs} ms:\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`);
      await sleep(250);
    }
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-outage-"));
    const created = await createPostgresTestDatabase(testPostgresUrl()!, "kilnmark_outage");
    drop = created.drop;
    proxy = await startTcpProxy(hostPort(created.url));
    server = await spawnServer({ dataDir, databaseUrl: proxy.through(created.url), host: "localhost", stopGraceMs: 10_000 });
    ({ proc, logFile } = server);
    base = server.url;
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await drop();
    if (!process.env.KEEP_E2E_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers 503 while the database is unreachable and 200 again once it is back, same process", async () => {
    const pid = proc.pid;
    // The catalog's read pool (decision 018) holds connections when the database goes.
    expect((await fetch(`${base}/works?q=${encodeURIComponent("壶")}`)).status).toBe(200);
    await proxy.down();
    const to503 = await waitForStatus(503, 30_000);
    // Still 503 a little later (each probe tries again and fails again).
    await sleep(1_000);
    expect(await health()).toBe(503);
    await proxy.up();
    const to200 = await waitForStatus(200, 30_000);
    console.log(`[database-outage] 503 after ${to503} ms down, 200 after ${to200} ms back`);
    expect(proc.exitCode).toBeNull();
    expect(proc.pid).toBe(pid);
    // The app works again beyond the probe: a page that reads the database renders.
    const works = await fetch(`${base}/works`);
    expect(works.status).toBe(200);
    // So do the catalog's own reads (decision 018): a search and a work page that were not
    // rendered before (the page cache cannot answer them) go through the read pool.
    expect((await fetch(`${base}/works?q=${encodeURIComponent("瓶")}`)).status).toBe(200);
    const number = (await works.text()).match(/\/works\/(JDZ-\d{4}-\d{6}-\d)/)?.[1];
    expect(number).toBeTruthy();
    expect((await fetch(`${base}/works/${number}?after=outage`)).status).toBe(200);
    // The probe logged the outage once (not once per probe), and its end; the mail LISTEN
    // connection said once that it was lost, and that it is back.
    const log = fs.readFileSync(logFile, "utf8");
    expect(log.match(/\[healthcheck\] the database does not answer/g)).toHaveLength(1);
    expect(log).toContain("[healthcheck] the database answers again");
    expect(log.match(/LISTEN kilnmark_mail: the PostgreSQL connection was lost/g)).toHaveLength(1);
    await waitForLog(/LISTEN kilnmark_mail: connected again/, 10_000);
  });

  async function waitForLog(re: RegExp, withinMs: number) {
    const start = Date.now();
    while (!re.test(fs.readFileSync(logFile, "utf8"))) {
      if (Date.now() - start > withinMs) throw new Error(`log never matched ${re}`);
      await sleep(200);
    }
  }
});
