/**
 * Bulk-import a studio's catalog from the command line (columns: docs/import.md):
 *   npm run import-catalog -- --csv catalog.csv --images ./photos --owner artisan@example.cn [--studio <orgId|USCC>] [--lang en]
 * Every valid row becomes a work submitted for examination, owned by --owner (or the studio).
 * Exit code: 0 all rows imported · 2 some rows had problems (listed) · 1 nothing could run.
 * Safe to re-run (e.g. after it was killed): rows imported before are reported as such and
 * nothing is created for them. Runs beside the server: no migration step when the schema is
 * current, and SQLite writes wait for the server's (busy timeout) instead of failing.
 */
// First: what this writes under DATA_DIR (database, images, secrets) is 0600 / folders 0700.
import "~/utils/private-files.server";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { isDomainError } from "~/domain/errors";
import { renditionsIdle } from "~/domain/imaging/ingest-image.server";
import { importCatalog } from "~/domain/registry/import-catalog.server";
import { imagesFromDirectory } from "~/domain/registry/import-images.server";
import { applyMigrations, syncRolesAndPermissions } from "~/startup/prepare-database.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isLocale, translate, type Locale } from "~/utils/i18n";

const { values } = parseArgs({
  options: { csv: { type: "string" }, images: { type: "string" }, owner: { type: "string" }, studio: { type: "string" }, lang: { type: "string" } },
});
const locale: Locale = isLocale(values.lang) ? values.lang : "zh-CN";

function fail(msg: string): never {
  console.error(msg);
  process.exit(1);
}

if (!values.csv || !values.images || !values.owner)
  fail("usage: import-catalog --csv FILE --images DIR --owner EMAIL [--studio ORG_ID|USCC] [--lang zh-CN|en]");

const env = getEnv();
await applyMigrations(env.DATABASE_URL);
const db = getDb();
await syncRolesAndPermissions(db);

let exitCode = 0;
try {
  const user = await db.user.findUnique({ where: { email: values.owner.trim().toLowerCase() }, select: { id: true, name: true } });
  if (!user) fail(`--owner: no user with the email ${values.owner}`);
  let owner = "self";
  if (values.studio) {
    const org = await db.organization.findFirst({ where: { OR: [{ id: values.studio }, { uscc: values.studio.toUpperCase() }] }, select: { id: true } });
    if (!org) fail(`--studio: no studio ${values.studio}`);
    owner = org.id;
  }
  const csv = await readFile(values.csv).catch(() => fail(`--csv: cannot read ${values.csv}`));
  const images = await imagesFromDirectory(values.images).catch(() => fail(`--images: cannot read the directory ${values.images}`));

  const bar = new cliProgress.SingleBar({ format: "{bar} {percentage}% | {value}/{total} rows", hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  const report = await importCatalog({
    userId: user.id,
    csv: new Uint8Array(csv),
    images,
    owner,
    locale,
    onProgress: ({ done, total }) => {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
  });
  if (started) bar.stop();

  for (const c of report.created) console.log(`✓ ${translate(locale, "catalog.import.row")} ${c.row}: ${c.titleZh} (${c.workId})`);
  for (const a of report.alreadyImported) console.log(`= ${translate(locale, "catalog.import.row")} ${a.row}: ${a.message} (${a.workId})`);
  for (const p of report.problems) {
    console.log(`✗ ${translate(locale, "catalog.import.row")} ${p.row}${p.column ? ` [${p.column}]` : ""}: ${p.message}`);
  }
  const failedRows = new Set(report.problems.filter((p) => p.row > 1).map((p) => p.row)).size;
  console.log(translate(locale, "catalog.import.finished", { created: report.created.length, failed: failedRows }));
  if (report.alreadyImported.length) console.log(translate(locale, "catalog.import.alreadyCount", { count: report.alreadyImported.length }));
  if (report.problems.length) exitCode = 2;
} catch (e) {
  fail(isDomainError(e) ? translate(locale, e.messageKey, e.params) : String(e instanceof Error ? e.stack : e));
} finally {
  await renditionsIdle(); // local features and display derivatives of the imported photos
  await db.$disconnect();
}
process.exit(exitCode);
