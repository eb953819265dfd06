/**
 * Hash photos the way the registry does.
 *
 *   npm run hash-image -- FILE...        (or: npx tsx scripts/hash-image.ts FILE...)
 *
 * Prints one JSON line per file, in argument order:
 *   {"file","sha256","pdq","pdqQuality","phash","width","height"}   (hashes as lowercase hex)
 *   {"file","error"}                                                  (refused; English message)
 * Exit code 0 if every file was hashed, 1 if any was refused or unreadable. Stable interface:
 * scripts and officers' tooling parse this output.
 */
import { closeImagingPool } from "~/domain/imaging/imaging-pool.server";
import { readFile } from "node:fs/promises";
import { isDomainError } from "~/domain/errors";
import { hashImage } from "~/domain/imaging/hash-image.server";
import { translate } from "~/utils/i18n";

async function main(): Promise<number> {
  const files = process.argv.slice(2).filter((a) => a !== "--");
  if (files.length === 0) {
    console.error("usage: npm run hash-image -- FILE...");
    return 2;
  }
  let failed = false;
  for (const file of files) {
    try {
      const h = await hashImage(await readFile(file));
      console.log(
        JSON.stringify({
          file,
          sha256: h.sha256,
          pdq: h.pdq,
          pdqQuality: h.pdqQuality,
          phash: h.phash,
          width: h.width,
          height: h.height,
        }),
      );
    } catch (e) {
      failed = true;
      const error = isDomainError(e)
        ? translate("en", e.messageKey, e.params)
        : (e as NodeJS.ErrnoException).code === "ENOENT"
          ? "File not found."
          : `Could not read the file: ${(e as Error).message}`;
      console.log(JSON.stringify({ file, error }));
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
await closeImagingPool();
