/**
 * Rebuilds an instance from a backup archive into an empty directory and proves it whole: every
 * unpacked file against the manifest, then the database's own evidence (verifyInstance).
 *
 * SQLite: the snapshot becomes <dir>/<original db file name>. PostgreSQL: the dump is restored
 * with pg_restore into `databaseUrl` (an empty database the operator created).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { createPrismaClient } from "~/utils/db.server";
import { compareWithManifest, MANIFEST_NAME, MAX_MANIFEST_BYTES, parseManifest, type BackupManifest, type FileProblem } from "./manifest";
import { PG_BIN_DIR } from "./create-backup.server";
import { readRegistryAddress } from "./registry-address.server";
import { checkEntryName, readTar } from "./tar";
import { verifyInstance, type InstanceReport } from "./verify-instance.server";

const run = promisify(execFile);

type RestoreOptions = {
  archive: string;
  dataDir: string;
  /** PostgreSQL backups: the (empty) database to restore into. SQLite: derived from dataDir. */
  databaseUrl?: string;
  /** Registry address certificates must verify against; defaults to the manifest's. */
  expectedAddress?: string | null;
  log?: (line: string) => void;
};

type RestoreResult = {
  ok: boolean;
  dataDir: string;
  databaseUrl: string;
  manifest: BackupManifest;
  fileProblems: FileProblem[];
  /** Migrations in the backup that this code does not have (restore into older code). */
  unknownMigrations: string[];
  instance: InstanceReport | null;
  ms: number;
};

export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreRefused";
  }
}

async function assertEmptyDir(dir: string) {
  if (!existsSync(dir)) return;
  const entries = await readdir(dir).catch(() => {
    throw new RestoreRefused(`${dir} exists and is not a directory`);
  });
  if (entries.length) throw new RestoreRefused(`${dir} is not empty; restore only into a new or empty directory`);
}

type UnpackResult = Omit<RestoreResult, "instance" | "ok" | "ms"> & { ok: boolean };

/**
 * Steps 1–2 of a restore: unpack into the empty directory, check every file against the
 * manifest, and (PostgreSQL) pg_restore the dump. Verification of the contents is restoreBackup's.
 */
export async function unpackBackup(opts: RestoreOptions): Promise<UnpackResult> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  if (!existsSync(opts.archive)) throw new RestoreRefused(`${opts.archive} does not exist`);
  await assertEmptyDir(dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });

  // Pass 1 finds the manifest (the archive's last entry): its database name decides where the
  // snapshot goes. Manifest-less archives are refused before anything is written.
  let manifestText: string | null = null;
  await readTar(opts.archive, async (entry) => {
    if (entry.name === MANIFEST_NAME) manifestText = (await entry.read(MAX_MANIFEST_BYTES)).toString("utf8");
  });
  if (manifestText === null) throw new RestoreRefused(`${opts.archive} has no ${MANIFEST_NAME}: not a Kilnmark backup`);
  const manifest = parseManifest(manifestText);
  const engine = manifest.database.engine;
  if (engine === "sqlite") {
    const bad = checkEntryName(manifest.database.fileName);
    if (bad || manifest.database.fileName.includes("/")) throw new RestoreRefused(`manifest names a bad database file: ${manifest.database.fileName}`);
  } else if (!opts.databaseUrl || !/^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    throw new RestoreRefused("this backup holds a PostgreSQL dump: pass --database-url postgresql://… (an empty database)");
  }
  const dbTarget = engine === "sqlite" ? path.join(dataDir, manifest.database.fileName) : path.join(dataDir, `.restore-${process.pid}.pgdump`);
  const databaseUrl = engine === "sqlite" ? `file:${dbTarget}` : opts.databaseUrl!;

  log(`unpacking ${manifest.files.length} files and the ${engine} database into ${dataDir}…`);
  const extracted = new Map<string, { size: number; sha256: string }>();
  const fileProblems: FileProblem[] = [];
  await readTar(opts.archive, async (entry) => {
    if (entry.name === MANIFEST_NAME) return;
    let target: string | null = null;
    if (entry.name === manifest.database.path) target = dbTarget;
    else if (entry.name.startsWith("data/")) target = path.join(dataDir, ...entry.name.slice(5).split("/"));
    if (!target) {
      fileProblems.push({ path: entry.name, problem: "unexpected" });
      return;
    }
    if (extracted.has(entry.name)) throw new RestoreRefused(`${entry.name} appears twice in the archive`);
    const sha256 = await entry.extractTo(target).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "EEXIST") throw new RestoreRefused(`${entry.name} collides with another file of the archive`);
      throw e;
    });
    extracted.set(entry.name, { size: entry.size, sha256 });
  });
  fileProblems.push(...compareWithManifest(manifest, extracted));

  const known = new Set(
    existsSync(path.resolve("prisma/migrations"))
      ? (await readdir(path.resolve("prisma/migrations"), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name)
      : [],
  );
  const unknownMigrations = manifest.migrations.map((m) => m.name).filter((n) => known.size && !known.has(n));

  if (fileProblems.length) {
    if (engine === "postgresql") await rm(dbTarget, { force: true });
    return { ok: false, dataDir, databaseUrl, manifest, fileProblems, unknownMigrations };
  }

  if (engine === "postgresql") {
    log("pg_restore…");
    try {
      await run(
        path.join(PG_BIN_DIR, "pg_restore"),
        ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname", databaseUrl, dbTarget],
        { maxBuffer: 1 << 24 },
      );
    } finally {
      await rm(dbTarget, { force: true });
    }
  }

  return { ok: true, dataDir, databaseUrl, manifest, fileProblems, unknownMigrations };
}

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const unpacked = await unpackBackup(opts);
  const { dataDir, databaseUrl, manifest, fileProblems, unknownMigrations } = unpacked;
  if (!unpacked.ok) return { ...unpacked, ok: false, instance: null, ms: performance.now() - started };

  log("verifying the audit chain, certificates and stored files…");
  const db = createPrismaClient(databaseUrl);
  let instance: InstanceReport;
  try {
    instance = await verifyInstance({
      db,
      dataDir,
      expectedAddress: opts.expectedAddress === undefined ? manifest.registryAddress : opts.expectedAddress,
      instanceAddress: readRegistryAddress(dataDir),
    });
  } finally {
    await db.$disconnect();
  }
  return {
    ok: instance.ok && unknownMigrations.length === 0,
    dataDir,
    databaseUrl,
    manifest,
    fileProblems,
    unknownMigrations,
    instance,
    ms: performance.now() - started,
  };
}
