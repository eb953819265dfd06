/**
 * The backup manifest: what an archive holds and the SHA-256 of every file, so a restore can prove
 * it got back exactly what was saved. It is the archive's last entry (the hashes are computed
 * while the files stream in).
 *
 * Archive layout:
 *   db/<name>          the database snapshot (SQLite file, or a pg_dump custom-format dump)
 *   data/<path>        every file under DATA_DIR (image and evidence store, keys, outbox, …)
 *   manifest.json      this
 */
import { z } from "zod";

export const BACKUP_FORMAT = "kilnmark-backup/1";
export const MANIFEST_NAME = "manifest.json";
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestFileSchema = z.object({ path: z.string().min(1), size: z.number().int().min(0), sha256 });

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.string(),
  appVersion: z.string(),
  database: z.object({
    engine: z.enum(["sqlite", "postgresql"]),
    /** Archive path of the snapshot (db/…). */
    path: z.string(),
    size: z.number().int().min(0),
    sha256,
    /** The restored SQLite file's name, or "" for PostgreSQL. */
    fileName: z.string(),
  }),
  /** Migrations recorded as applied in the snapshot, oldest first. */
  migrations: z.array(z.object({ name: z.string(), checksum: z.string(), finishedAt: z.string().nullable() })),
  /** The address certificates are signed with when the backup was made (null: no key yet). */
  registryAddress: z.string().nullable(),
  /** Secrets (registry key, session secret) left out with --no-secrets. */
  secretsIncluded: z.boolean(),
  counts: z.object({ auditEvents: z.number().int(), certificates: z.number().int(), storedFiles: z.number().int() }),
  /** Everything under data/, sorted by path. */
  files: z.array(manifestFileSchema),
  /** Files referenced by the snapshot that were gone from DATA_DIR when copied (should be empty). */
  missing: z.array(z.string()),
});

export type BackupManifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof manifestFileSchema>;

/** Files under DATA_DIR that are secrets: left out of an archive made with --no-secrets. */
export const SECRET_FILES = ["registry-key.json", "session-secret"] as const;

export type FileProblem = { path: string; problem: "missing" | "unexpected" | "size" | "sha256"; expected?: string; actual?: string };

/**
 * Compares what was extracted with what the manifest lists. `extracted` maps archive path → size
 * and SHA-256 measured while writing the file out.
 */
export function compareWithManifest(manifest: BackupManifest, extracted: Map<string, { size: number; sha256: string }>): FileProblem[] {
  const problems: FileProblem[] = [];
  const expected = new Map<string, { size: number; sha256: string }>();
  for (const f of manifest.files) expected.set(`data/${f.path}`, f);
  expected.set(manifest.database.path, manifest.database);
  for (const [p, want] of expected) {
    const got = extracted.get(p);
    if (!got) problems.push({ path: p, problem: "missing" });
    else if (got.size !== want.size) problems.push({ path: p, problem: "size", expected: String(want.size), actual: String(got.size) });
    else if (got.sha256 !== want.sha256) problems.push({ path: p, problem: "sha256", expected: want.sha256, actual: got.sha256 });
  }
  for (const p of extracted.keys()) if (!expected.has(p)) problems.push({ path: p, problem: "unexpected" });
  return problems;
}

export function parseManifest(text: string): BackupManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error("manifest.json is not JSON");
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`manifest.json is not a ${BACKUP_FORMAT} manifest: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
