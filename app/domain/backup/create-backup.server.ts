/**
 * An online backup of a running instance: a consistent database snapshot, then every file under
 * DATA_DIR (image and evidence store, derivatives, keys, outbox), packed with a SHA-256 manifest
 * into one tar file.
 *
 * Consistency: the database is snapshotted first — SQLite through the online backup API in one
 * step (one read transaction; in WAL mode the server keeps writing meanwhile), PostgreSQL through
 * pg_dump (one repeatable-read snapshot). Files are copied afterwards. The store is written
 * before the rows that point at it commit and is content-addressed (a file never changes once
 * linked in), so every file the snapshot references is already on disk when the copy starts;
 * files that appear later are harmless extras.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { lstat, mkdtemp, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { originalKey } from "~/domain/imaging/ingest-image.server";
import { sqlitePathFromUrl } from "~/utils/env.server";
import { BACKUP_FORMAT, MANIFEST_NAME, SECRET_FILES, type BackupManifest, type ManifestFile } from "./manifest";
import { readRegistryAddress } from "./registry-address.server";
import { TarWriter } from "./tar";

const run = promisify(execFile);
export const PG_BIN_DIR = process.env.PG_BIN_DIR ?? "/usr/lib/postgresql/15/bin";
const BUSY_TIMEOUT_MS = 15_000;

type BackupOptions = {
  databaseUrl: string;
  dataDir: string;
  out: string;
  /** false: leave the registry key and session secret out (for copies kept off-site). */
  includeSecrets?: boolean;
  appVersion?: string;
  log?: (line: string) => void;
};

type BackupResult = { out: string; manifest: BackupManifest; bytes: number; ms: number };

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

type SnapshotInfo = {
  file: string;
  migrations: BackupManifest["migrations"];
  counts: { auditEvents: number; certificates: number };
  storageKeys: string[];
};

async function snapshotSqlite(databaseUrl: string, tmpDir: string): Promise<SnapshotInfo> {
  const source = sqlitePathFromUrl(databaseUrl);
  const target = path.join(tmpDir, "snapshot.db");
  if (!existsSync(source)) throw new Error(`the database file ${source} (DATABASE_URL) does not exist`);
  // Not `readonly`: a read-only connection cannot open a WAL database whose -shm file is absent
  // (the server is stopped and closed it cleanly). The backup itself only reads.
  const live = new Database(source, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    // All pages in one step: the copy happens inside a single read transaction, so a concurrent
    // writer can neither restart it nor make it inconsistent.
    await live.backup(target, { progress: () => 0x7fffffff });
  } finally {
    live.close();
  }
  const snap = new Database(target, { fileMustExist: true });
  try {
    const check = snap.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`the database snapshot fails SQLite's quick_check: ${String(check)}`);
    // A single self-contained file: no -wal beside it in the archive or the restore.
    snap.pragma("journal_mode = DELETE");
    const hasTable = (t: string) => !!snap.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t);
    const migrations = hasTable("_prisma_migrations")
      ? (
          snap
            .prepare(
              "SELECT migration_name AS name, checksum, finished_at AS finishedAt FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name",
            )
            .all() as { name: string; checksum: string; finishedAt: string | number | null }[]
        ).map((m) => ({
          name: m.name,
          checksum: m.checksum,
          finishedAt: m.finishedAt === null ? null : new Date(m.finishedAt).toISOString(),
        }))
      : [];
    const count = (t: string) => (hasTable(t) ? (snap.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n : 0);
    const keySources = ["WorkView", "Evidence"].filter(hasTable).map((t) => `SELECT storageKey AS k FROM "${t}"`);
    const keys = keySources.length ? (snap.prepare(keySources.join(" UNION ")).all() as { k: string }[]) : [];
    if (hasTable("Notice")) for (const n of snap.prepare(`SELECT sha256 FROM "Notice"`).all() as { sha256: string }[]) keys.push({ k: originalKey(n.sha256) });
    return {
      file: target,
      migrations,
      counts: { auditEvents: count("AuditEvent"), certificates: count("Certificate") },
      storageKeys: keys.map((r) => r.k),
    };
  } finally {
    snap.close();
  }
}

async function psql(databaseUrl: string, sql: string): Promise<string[]> {
  const { stdout } = await run(path.join(PG_BIN_DIR, "psql"), ["-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", databaseUrl, "-c", sql], { maxBuffer: 1 << 28 });
  return stdout.split("\n").filter((l) => l !== "");
}

async function snapshotPostgres(databaseUrl: string, tmpDir: string): Promise<SnapshotInfo> {
  const target = path.join(tmpDir, "database.pgdump");
  // Custom format: compressed, restorable table by table with pg_restore; one MVCC snapshot.
  await run(path.join(PG_BIN_DIR, "pg_dump"), ["--format=custom", "--no-owner", "--no-privileges", "--file", target, "--dbname", databaseUrl], {
    maxBuffer: 1 << 24,
  });
  // Listed after the dump, from the live database: informational (a restore re-reads the dump).
  const migrations = (
    await psql(
      databaseUrl,
      `SELECT migration_name || '|' || checksum || '|' || coalesce(to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '') FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY started_at`,
    ).catch(() => [])
  ).map((l) => {
    const [name, checksum, finishedAt] = l.split("|");
    return { name, checksum, finishedAt: finishedAt || null };
  });
  const n = async (t: string) => Number((await psql(databaseUrl, `SELECT COUNT(*) FROM "${t}"`).catch(() => ["0"]))[0]);
  const storageKeys: string[] = await psql(databaseUrl, `SELECT "storageKey" FROM "WorkView" UNION SELECT "storageKey" FROM "Evidence"`).catch(() => []);
  for (const sha256 of await psql(databaseUrl, `SELECT sha256 FROM "Notice"`).catch(() => [])) storageKeys.push(originalKey(sha256));
  return { file: target, migrations, counts: { auditEvents: await n("AuditEvent"), certificates: await n("Certificate") }, storageKeys };
}

const isInside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
};

/** Every regular file under dataDir (relative, "/"-separated, sorted), minus what `skip` says. */
async function listFiles(dataDir: string, skip: (abs: string, rel: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return [];
      throw e;
    });
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      const rel = path.relative(dataDir, abs).split(path.sep).join("/");
      if (skip(abs, rel)) continue;
      if (e.isDirectory()) await walk(abs);
      else if (e.isFile()) out.push(rel);
      // symlinks, sockets, fifos: not part of the store
    }
  };
  await walk(dataDir);
  return out.sort();
}

export async function createBackup(opts: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const out = path.resolve(opts.out);
  const includeSecrets = opts.includeSecrets ?? true;
  const engine = opts.databaseUrl.startsWith("file:") ? "sqlite" : "postgresql";
  if (isInside(out, dataDir)) throw new Error(`--out must be outside DATA_DIR (${dataDir}): a backup kept inside the data directory is lost with it`);
  if (existsSync(out)) throw new Error(`${out} exists; refusing to overwrite a backup`);
  if (!existsSync(dataDir)) throw new Error(`DATA_DIR ${dataDir} does not exist`);

  const tmpDir = await mkdtemp(path.join(os.tmpdir(), "kilnmark-backup-"));
  const partial = `${out}.partial-${process.pid}`;
  let writer: TarWriter | undefined;
  try {
    log(`snapshotting the ${engine} database…`);
    const snap = engine === "sqlite" ? await snapshotSqlite(opts.databaseUrl, tmpDir) : await snapshotPostgres(opts.databaseUrl, tmpDir);
    const live = engine === "sqlite" ? sqlitePathFromUrl(opts.databaseUrl) : null;
    const liveDbFiles = new Set(live ? ["", "-wal", "-shm", "-journal"].map((s) => live + s) : []);
    const secrets = new Set<string>(SECRET_FILES);
    const files = await listFiles(dataDir, (abs, rel) => {
      const base = path.basename(abs);
      if (liveDbFiles.has(abs)) return true;
      if (base.startsWith(".tmp-") || base.endsWith(".tmp")) return true; // writes in progress
      if (!includeSecrets && secrets.has(rel)) return true;
      return false;
    });

    const dbFileName = live ? path.basename(live) : "";
    const dbEntry = engine === "sqlite" ? `db/${dbFileName}` : "db/database.pgdump";
    writer = new TarWriter(partial);
    log(`writing ${out}…`);
    const dbSize = (await stat(snap.file)).size;
    const dbInfo = await writer.addFile(dbEntry, snap.file, dbSize);

    const listed: ManifestFile[] = [];
    for (const rel of files) {
      const abs = path.join(dataDir, ...rel.split("/"));
      const st = await lstat(abs).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? null : Promise.reject(e)));
      if (!st?.isFile()) continue; // removed since the listing (a deleted draft's derivative)
      const info = await writer
        .addFile(`data/${rel}`, abs, st.size, st.mtimeMs / 1000)
        .catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? null : Promise.reject(e)));
      if (!info) continue; // deleted between the listing and the copy; nothing was written for it
      listed.push({ path: rel, size: info.size, sha256: info.sha256 });
    }
    const archived = new Set(listed.map((f) => f.path));
    const missing = [...new Set(snap.storageKeys)].filter((k) => !archived.has(k)).sort();
    for (const k of missing) log(`warning: ${k} is referenced by the database but was not in DATA_DIR`);

    const pkgVersion =
      opts.appVersion ??
      (await readFile(path.resolve("package.json"), "utf8")
        .then((t) => (JSON.parse(t) as { version: string }).version)
        .catch(() => "unknown"));
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      appVersion: pkgVersion,
      database: { engine, path: dbEntry, size: dbInfo.size, sha256: dbInfo.sha256, fileName: dbFileName },
      migrations: snap.migrations,
      registryAddress: readRegistryAddress(dataDir),
      secretsIncluded: includeSecrets,
      counts: { ...snap.counts, storedFiles: new Set(snap.storageKeys).size },
      files: listed,
      missing,
    };
    await writer.addBuffer(MANIFEST_NAME, Buffer.from(JSON.stringify(manifest, null, 2) + "\n"));
    await writer.finish();
    if (existsSync(out)) throw new Error(`${out} appeared while the backup was written; refusing to overwrite it`);
    await rename(partial, out);
    const bytes = (await stat(out)).size;
    return { out, manifest, bytes, ms: performance.now() - started };
  } catch (e) {
    writer?.destroy();
    await rm(partial, { force: true });
    throw e;
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}
