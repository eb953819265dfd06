/**
 * On its own server (a fresh data directory, so the 20 works do not show up in other files'
 * catalogs): backup while the real server takes 20 registrations at once, restore into a new directory,
 * start a second server on it: every certificate it serves verifies against the registry key and
 * the audit chain is intact (and a prefix of the live one: the snapshot is consistent). Then a
 * backup of an instance whose stored image was swapped on disk fails its restore.
 */
import { spawn } from "node:child_process";
import { onPostgres, sqliteOnly } from "../setup/dialect";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { verifyCertificateFile } from "~/domain/anchoring/verify-certificate";
import { readRegistryAddress } from "~/domain/backup/registry-address.server";
import { DEMO, HttpClient } from "./helpers";
import { spawnServer, type SpawnedServer } from "../setup/spawn-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
let work: string;
const liveDir = () => path.join(work, "live");
const liveDbUrl = () => `file:${path.join(liveDir(), "e2e.db")}`;
let liveBase: string;
const servers: SpawnedServer[] = [];
let restoredServer: SpawnedServer | undefined;

type Run = { code: number; stdout: string; stderr: string };
function runScript(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const childEnv = { ...process.env, ...env, NODE_ENV: "production" } as NodeJS.ProcessEnv;
    delete childEnv.REGISTRY_PRIVATE_KEY;
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * A server on `dataDir`. Its log stays outside every DATA_DIR (in the test's work directory): the
 * backup copies the live one and the restore checks the restored one, and a log is neither's.
 */
async function startServer(dataDir: string, databaseUrl: string): Promise<SpawnedServer> {
  const server = await spawnServer({ dataDir, databaseUrl, cwd: ROOT, host: "localhost", logFile: path.join(work, `server-${servers.length}.log`) });
  servers.push(server);
  return server;
}

async function registerOne(artisan: HttpClient, officer: HttpClient, i: number): Promise<string> {
  const front = await generateCeramicImage(91_000 + i * 7, i % 2 ? "famille-rose" : "blue-and-white");
  const form = new FormData();
  form.set("titleZh", `备份并发登记 ${i}`);
  form.set("category", "vase");
  form.set("owner", "self");
  form.set("visibility", i % 3 ? "public" : "sealed");
  form.set("authors[0].name", "陈青花");
  form.set("intent", "submit");
  form.set("file_front", new Blob([new Uint8Array(front)], { type: "image/png" }), `front-${i}.png`);
  const created = await artisan.request("/works/new", { method: "POST", body: form });
  const where = created.headers.get("location") ?? "";
  const workId = /\/my\/works\/([^/?]+)/.exec(where)?.[1];
  if (created.status !== 302 || !workId) throw new Error(`work ${i}: ${created.status} ${(await created.text()).slice(0, 300)}`);
  const decided = await officer.request(`/officer/examination/${workId}`, { method: "POST", form: { intent: "register" } });
  if (decided.status !== 302) throw new Error(`register ${i}: ${decided.status} ${(await decided.text()).slice(0, 300)}`);
  // The officer lands on the work's page, whose panel shows the new number.
  const panel = await (await officer.request(decided.headers.get("location")!)).text();
  const number = /data-testid="registered-panel"[\s\S]*?(JDZ-\d{4}-\d{6}-[0-9A-Z])/.exec(panel)?.[1];
  if (!number) throw new Error(`register ${i}: no number on the page after registering`);
  return number;
}

function certificateNumbers(dbFile: string): { registration: string[]; license: string[] } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`SELECT kind, number FROM "Certificate" ORDER BY number`).all() as { kind: string; number: string }[];
    return {
      registration: rows.filter((r) => r.kind === "registration").map((r) => r.number),
      license: rows.filter((r) => r.kind === "license").map((r) => r.number),
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-backup-e2e-"));
  fs.mkdirSync(liveDir());
  liveBase = (await startServer(liveDir(), liveDbUrl())).url;
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  if (process.env.KEEP_E2E_DATA) console.log("backup test data kept in", work);
  else fs.rmSync(work, { recursive: true, force: true });
});

describe.skipIf(onPostgres)(sqliteOnly("backup and restore of a running instance", "restores the SQLite file into a second server"), () => {
  const archive = () => path.join(work, "live.tar");
  const restored = () => path.join(work, "restored");
  let numbers: string[] = [];

  it("backs up while 20 registrations run, restores, and the restored server's certificates and audit chain verify", { timeout: 300_000 }, async () => {
    const artisan = await new HttpClient(liveBase).login(DEMO.artisan);
    const officer = await new HttpClient(liveBase).login(DEMO.officer);
    let done = 0;
    let backup: Promise<Run> | undefined;
    const jobs = Array.from({ length: 20 }, (_, i) =>
      registerOne(artisan, officer, i).then((n) => {
        // Start the backup in the middle of the load: a few registrations done, most in flight.
        if (++done === 2) backup = runScript("scripts/backup.ts", ["--out", archive()], { DATA_DIR: liveDir(), DATABASE_URL: liveDbUrl() });
        return n;
      }),
    );
    numbers = await Promise.all(jobs);
    const b = await backup!;
    expect(b.code, b.stderr + b.stdout).toBe(0);
    expect(numbers).toHaveLength(20);
    expect(new Set(numbers).size).toBe(20);

    const r = await runScript("scripts/restore.ts", [archive(), "--data-dir", restored()], {});
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const restoredUrl = `file:${path.join(restored(), "e2e.db")}`;
    expect(r.stdout).toContain(`DATA_DIR=${restored()} DATABASE_URL=${restoredUrl} npm start`);
    expect(r.stdout).toMatch(/✓ audit chain: \d+ events/);
    expect(r.stdout).toMatch(/✓ certificates: \d+ checked/);

    // The snapshot is one consistent moment: its audit chain is a prefix of the live chain.
    const live = new Database(path.join(liveDir(), "e2e.db"), { readonly: true, fileMustExist: true });
    const back = new Database(path.join(restored(), "e2e.db"), { readonly: true, fileMustExist: true });
    const head = back.prepare(`SELECT seq, hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`).get() as { seq: number; hash: string };
    expect((live.prepare(`SELECT hash FROM "AuditEvent" WHERE seq = ?`).get(head.seq) as { hash: string }).hash).toBe(head.hash);
    // Every registration in the snapshot has its certificate, and vice versa.
    const unCertified = back
      .prepare(
        `SELECT COUNT(*) AS n FROM "Work" w WHERE w.status = 'registered' AND NOT EXISTS (SELECT 1 FROM "Certificate" c WHERE c.workId = w.id AND c.kind = 'registration')`,
      )
      .get() as { n: number };
    expect(unCertified.n).toBe(0);
    live.close();
    back.close();

    const certs = certificateNumbers(path.join(restored(), "e2e.db"));
    const inSnapshot = numbers.filter((n) => certs.registration.includes(n));
    expect(inSnapshot.length).toBeGreaterThanOrEqual(2);
    console.log(`backup under load: ${inSnapshot.length} of the 20 concurrent registrations were in the snapshot`);

    restoredServer = await startServer(restored(), restoredUrl);
    const base = restoredServer.url;
    const registry = readRegistryAddress(liveDir());
    expect(registry).toMatch(/^0x/);
    const client = new HttpClient(base);
    for (const number of certs.registration) {
      const res = await client.request(`/works/${number}/certificate.json`);
      expect(res.status, number).toBe(200);
      const result = await verifyCertificateFile(await res.text(), { expectedAddress: registry! });
      expect(result.ok, `${number}: ${JSON.stringify(result.checks.filter((c) => !c.ok))}`).toBe(true);
    }
    const audit = await runScript("scripts/verify-audit.ts", [], { DATA_DIR: restored(), DATABASE_URL: restoredUrl });
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.stdout).toMatch(/Audit log intact: \d+ events/);
  });

  it("a backup of an instance with a swapped image fails its restore", async () => {
    await restoredServer?.stop();
    const db = new Database(path.join(restored(), "e2e.db"), { readonly: true, fileMustExist: true });
    const view = db.prepare(`SELECT storageKey FROM "WorkView" LIMIT 1`).get() as { storageKey: string };
    db.close();
    const file = path.join(restored(), ...view.storageKey.split("/"));
    fs.appendFileSync(file, "tampered");
    const restoredUrl = `file:${path.join(restored(), "e2e.db")}`;
    const b = await runScript("scripts/backup.ts", ["--out", path.join(work, "tampered.tar")], { DATA_DIR: restored(), DATABASE_URL: restoredUrl });
    expect(b.code, b.stderr).toBe(0);
    const r = await runScript("scripts/restore.ts", [path.join(work, "tampered.tar"), "--data-dir", path.join(work, "restored-2")], {});
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`file ${view.storageKey}: SHA-256 is`);
    expect(r.stderr).toContain("RESTORE NOT VERIFIED");
  });
});
