/**
 * Imported first by server.ts and the command-line scripts that write under DATA_DIR: everything
 * the process creates from then on (SQLite db and its -wal/-shm, keys, secrets, image store,
 * evidence, outbox) is readable by the service account only — files 0600, folders 0700.
 * ES modules run their imports in order, so this runs before any module that touches the disk.
 */
import fs from "node:fs";

const PRIVATE_UMASK = 0o077;
process.umask(PRIVATE_UMASK);

/** Tightens an existing data folder from an older install (files inside become unreachable). */
export function makeDataDirPrivate(dir: string) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    fs.chmodSync(dir, 0o700);
  } catch (e) {
    console.warn(`Could not make ${dir} private (chmod 700): ${(e as Error).message}`);
  }
}
