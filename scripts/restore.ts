/**
 * npm run restore -- FILE --data-dir DIR [--database-url postgresql://…] [--address 0xREGISTRY] [--json]
 * Unpacks a backup into an empty DIR, checks every file against the manifest, then verifies the
 * audit chain, every certificate signature and every stored file's hash. Exit 0 when everything
 * verifies, 1 on any mismatch, 2 for usage errors or a refused restore. See docs/operations.md.
 */
import { restoreBackup, RestoreRefused } from "~/domain/backup/restore-backup.server";

function usage(message?: string): never {
  if (message) console.error(message);
  console.error("usage: npm run restore -- FILE --data-dir DIR [--database-url postgresql://…] [--address 0x…] [--json]");
  process.exit(2);
}

const args = process.argv.slice(2);
let file: string | undefined;
let dataDir: string | undefined;
let databaseUrl: string | undefined;
let address: string | undefined;
let json = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--data-dir") dataDir = args[++i] ?? usage("--data-dir needs a value");
  else if (a === "--database-url") databaseUrl = args[++i] ?? usage("--database-url needs a value");
  else if (a === "--address") address = args[++i] ?? usage("--address needs a value");
  else if (a === "--json") json = true;
  else if (a === "--help" || a === "-h") usage();
  else if (a.startsWith("--")) usage(`unknown option ${a}`);
  else if (!file) file = a;
  else usage("only one FILE");
}
if (!file) usage("FILE is required");
if (!dataDir) usage("--data-dir DIR is required");

try {
  const r = await restoreBackup({
    archive: file,
    dataDir,
    databaseUrl,
    expectedAddress: address,
    log: (l) => console.error(l),
  });
  if (json) {
    console.log(JSON.stringify(r, null, 2));
  } else {
    const m = r.manifest;
    const mark = (ok: boolean) => (ok ? "✓" : "✗");
    console.log(`Backup of ${m.createdAt} (app ${m.appVersion}, ${m.database.engine}, ${m.migrations.length} migrations)`);
    console.log(`${mark(r.fileProblems.length === 0)} files: ${m.files.length + 1} unpacked, ${r.fileProblems.length} differ from the manifest`);
    for (const p of r.fileProblems.slice(0, 50)) console.log(`    ${p.path}: ${p.problem}${p.expected ? ` (expected ${p.expected}, got ${p.actual})` : ""}`);
    if (r.unknownMigrations.length)
      console.log(`✗ migrations this code does not have: ${r.unknownMigrations.join(", ")} (restore with the app version that made the backup)`);
    const i = r.instance;
    if (i) {
      console.log(`${mark(i.audit.ok)} audit chain: ${i.audit.count} events${i.audit.head ? `, head ${i.audit.head}` : ""}`);
      console.log(
        `${mark(i.certificates.failed === 0)} certificates: ${i.certificates.checked} checked (${i.certificates.registration} registration, ${i.certificates.license} licence), ${i.certificates.failed} failed; signer ${address ?? m.registryAddress ?? "(any)"}`,
      );
      console.log(`${mark(i.files.failed === 0)} stored images/evidence: ${i.files.checked} hashed, ${i.files.failed} failed`);
      for (const p of i.problems.slice(0, 50)) console.log(`    ${p.area} ${p.subject}: ${p.detail}`);
      if (i.problems.length > 50) console.log(`    … and ${i.problems.length - 50} more (--json lists all)`);
    }
    if (!m.secretsIncluded)
      console.log("– secrets were left out of this backup: put the registry key back (REGISTRY_PRIVATE_KEY or registry-key.json) before starting");
    if (r.ok) {
      console.log(`\nRestored and verified in ${(r.ms / 1000).toFixed(1)} s. Start it with:`);
      console.log(`  DATA_DIR=${r.dataDir} DATABASE_URL=${r.databaseUrl} npm start`);
    } else {
      console.error(`\nRESTORE NOT VERIFIED: ${r.dataDir} holds the unpacked files for inspection; do not serve from it.`);
    }
  }
  process.exitCode = r.ok ? 0 : 1;
} catch (e) {
  console.error(`restore failed: ${(e as Error).message}`);
  process.exit(e instanceof RestoreRefused ? 2 : 1);
}
