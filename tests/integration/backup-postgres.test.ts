/**
 * The PostgreSQL branch of backup/restore against the local server (127.0.0.1:5432, user
 * postgres): pg_dump inside the archive, manifest counts and migrations read from the database,
 * pg_restore into an empty database. The app's own PostgreSQL mode is built separately; until it
 * lands, restoreBackup's content verification (through the app's Prisma client) cannot run on
 * PostgreSQL, so this test stops at unpackBackup and checks the restored rows directly.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBackup, PG_BIN_DIR } from "~/domain/backup/create-backup.server";
import { RestoreRefused, unpackBackup } from "~/domain/backup/restore-backup.server";

const server = "postgresql://postgres@127.0.0.1:5432";
const available = spawnSync(path.join(PG_BIN_DIR, "pg_isready"), ["-h", "127.0.0.1", "-p", "5432", "-q"]).status === 0;
const suffix = `${process.pid}_${Date.now()}`;
const src = `kilnmark_backup_src_${suffix}`;
const dst = `kilnmark_backup_dst_${suffix}`;
const psql = (db: string, sql: string) =>
  execFileSync(path.join(PG_BIN_DIR, "psql"), ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", `${server}/${db}`, "-c", sql], { encoding: "utf8" }).trim();

let dir: string;

describe.skipIf(!available)("backup and restore on PostgreSQL", () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "kilnmark-backup-pg-"));
    psql("postgres", `CREATE DATABASE ${src} TEMPLATE template0`);
    psql("postgres", `CREATE DATABASE ${dst} TEMPLATE template0`);
    psql(
      src,
      `CREATE TABLE "_prisma_migrations" (id text PRIMARY KEY, checksum text NOT NULL, finished_at timestamptz, migration_name text NOT NULL, started_at timestamptz NOT NULL DEFAULT now(), rolled_back_at timestamptz);
       INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name) VALUES ('1', 'abc', now(), '20261128000000_init');
       CREATE TABLE "AuditEvent" (seq serial PRIMARY KEY, hash text NOT NULL);
       INSERT INTO "AuditEvent" (hash) SELECT md5(g::text) FROM generate_series(1, 50) g;
       CREATE TABLE "Certificate" (id text PRIMARY KEY);
       INSERT INTO "Certificate" VALUES ('c1'), ('c2');
       CREATE TABLE "WorkView" ("storageKey" text);
       INSERT INTO "WorkView" VALUES ('originals/aa/bb/one'), ('originals/aa/bb/one');
       CREATE TABLE "Evidence" ("storageKey" text);
       INSERT INTO "Evidence" VALUES ('originals/cc/dd/two');`,
    );
    mkdirSync(path.join(dir, "data/originals/aa/bb"), { recursive: true });
    writeFileSync(path.join(dir, "data/originals/aa/bb/one"), "image bytes");
    writeFileSync(path.join(dir, "data/session-secret"), "s".repeat(64));
  });
  afterAll(() => {
    for (const db of [src, dst]) psql("postgres", `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it("dumps with pg_dump, notes a referenced file that is missing, and pg_restores into an empty database", async () => {
    const archive = path.join(dir, "pg.tar");
    const r = await createBackup({ databaseUrl: `${server}/${src}`, dataDir: path.join(dir, "data"), out: archive });
    expect(r.manifest.database).toMatchObject({ engine: "postgresql", path: "db/database.pgdump", fileName: "" });
    expect(r.manifest.migrations).toEqual([expect.objectContaining({ name: "20261128000000_init", checksum: "abc" })]);
    expect(r.manifest.counts).toEqual({ auditEvents: 50, certificates: 2, storedFiles: 2 });
    expect(r.manifest.missing).toEqual(["originals/cc/dd/two"]);
    expect(r.manifest.files.map((f) => f.path)).toEqual(["originals/aa/bb/one", "session-secret"]);

    await expect(unpackBackup({ archive, dataDir: path.join(dir, "r0") })).rejects.toBeInstanceOf(RestoreRefused); // no --database-url
    const u = await unpackBackup({ archive, dataDir: path.join(dir, "r1"), databaseUrl: `${server}/${dst}` });
    expect(u.fileProblems).toEqual([]);
    expect(u.ok).toBe(true);
    expect(psql(dst, `SELECT count(*) || ':' || max(hash) FROM "AuditEvent"`)).toBe(psql(src, `SELECT count(*) || ':' || max(hash) FROM "AuditEvent"`));
    expect(psql(dst, `SELECT string_agg(id, ',' ORDER BY id) FROM "Certificate"`)).toBe("c1,c2");
    // A second restore into the now non-empty database fails inside pg_restore's single transaction.
    await expect(unpackBackup({ archive, dataDir: path.join(dir, "r2"), databaseUrl: `${server}/${dst}` })).rejects.toThrow();
    expect(psql(dst, `SELECT count(*) FROM "AuditEvent"`)).toBe("50");
  });
});
