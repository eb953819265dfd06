/**
 * The e2e server started on a fresh DATA_DIR (global-setup): nothing it created there may be
 * readable by group or others — database, -wal/-shm, keys, secrets, images, evidence, outbox.
 */
import fs from "node:fs";
import path from "node:path";
import { inject, describe, expect, it } from "vitest";

function walk(dir: string, out: { file: string; mode: number; dir: boolean }[] = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const st = fs.lstatSync(p);
    out.push({ file: p, mode: st.mode & 0o777, dir: e.isDirectory() });
    if (e.isDirectory()) walk(p, out);
  }
  return out;
}

describe("DATA_DIR is private", () => {
  it("a fresh start leaves no group/other permission bits on anything under DATA_DIR", () => {
    const dataDir = inject("dataDir");
    expect(fs.statSync(dataDir).mode & 0o077).toBe(0);
    // server.log is the test harness's own file (opened by the test runner), not the server's.
    const entries = walk(dataDir).filter((e) => path.basename(e.file) !== "server.log");
    // SQLite keeps the database (and the rate-limit counters) in DATA_DIR; PostgreSQL keeps both in the database.
    if (inject("databaseUrl").startsWith("file:")) expect(entries.some((e) => e.file.endsWith(".db"))).toBe(true);
    expect(entries.filter((e) => !e.dir).length).toBeGreaterThan(5); // db, secrets, seeded images…
    const open = entries.filter((e) => (e.mode & 0o077) !== 0).map((e) => `${e.file} ${e.mode.toString(8)}`);
    expect(open).toEqual([]);
  });
});
