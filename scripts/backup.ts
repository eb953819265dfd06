/**
 * npm run backup -- --out FILE [--no-secrets]
 * An online backup of the instance configured by DATABASE_URL / DATA_DIR (the same variables the
 * server reads): database snapshot + every file under DATA_DIR + a SHA-256 manifest, in one tar
 * file. Safe while the server runs. Exit 0 on success, 1 on failure, 2 for usage errors.
 * See docs/operations.md.
 */
import { parseEnv } from "~/utils/env.server";
import { createBackup } from "~/domain/backup/create-backup.server";
import { SECRET_FILES } from "~/domain/backup/manifest";

function usage(message?: string): never {
  if (message) console.error(message);
  console.error("usage: npm run backup -- --out FILE [--no-secrets]");
  process.exit(2);
}

const args = process.argv.slice(2);
let out: string | undefined;
let includeSecrets = true;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--out") out = args[++i] ?? usage("--out needs a value");
  else if (a.startsWith("--out=")) out = a.slice(6);
  else if (a === "--no-secrets") includeSecrets = false;
  else if (a === "--help" || a === "-h") usage();
  else usage(`unknown argument ${a}`);
}
if (!out) usage("--out FILE is required");

const env = parseEnv(process.env);
try {
  const r = await createBackup({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    out,
    includeSecrets,
    log: (l) => console.error(l),
  });
  const m = r.manifest;
  console.log(`Backup written: ${r.out}`);
  console.log(`  ${(r.bytes / 1024 / 1024).toFixed(1)} MiB in ${(r.ms / 1000).toFixed(1)} s`);
  console.log(`  database: ${m.database.engine}, ${m.migrations.length} migrations, sha256 ${m.database.sha256}`);
  console.log(
    `  ${m.files.length} files from DATA_DIR; ${m.counts.auditEvents} audit events, ${m.counts.certificates} certificates, ${m.counts.storedFiles} stored images/evidence`,
  );
  console.log(`  registry address: ${m.registryAddress ?? "(no key yet)"}`);
  const secrets = m.files.map((f) => f.path).filter((p) => (SECRET_FILES as readonly string[]).includes(p));
  if (!m.secretsIncluded) console.log("  secrets left out (--no-secrets): keep the registry key offline to restore a signing instance");
  else if (secrets.length) console.log(`  contains secrets (${secrets.join(", ")}): store it encrypted and access-controlled`);
  if (m.registryAddress && !secrets.includes("registry-key.json"))
    console.log("  the registry key is not in this archive (REGISTRY_PRIVATE_KEY or --no-secrets): it must come from its offline copy");
  if (m.missing.length) {
    console.error(`WARNING: ${m.missing.length} stored files referenced by the database were missing from DATA_DIR:`);
    for (const k of m.missing) console.error(`  ${k}`);
    process.exitCode = 1;
  }
} catch (e) {
  console.error(`backup failed: ${(e as Error).message}`);
  process.exit(1);
}
