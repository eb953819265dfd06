/**
 * Evidence packages: one ZIP an officer can hand to a platform, an enforcement office or a
 * court, which anyone can check without our servers.
 *
 *   manifest.json  format, case, every file's SHA-256/size/upload data, the timeline and the
 *                  audit excerpt, and the SHA-256 of timeline.json, audit.json and manifest.txt
 *   manifest.txt   the same, readable, in Chinese and English
 *   timeline.json  audit.json
 *   evidence/<n>-<sha256>.<ext>
 *
 * The manifest itself cannot carry its own hash: the package proves integrity relative to
 * the manifest, and the manifest's SHA-256 (returned here, printed by the verifier) is what
 * gets recorded in the audit log or quoted in a notice to pin the whole package.
 *
 * Input is plain data plus a reader for stored files, so this does not depend on the database
 * or on where files are stored.
 */
import { createHash } from "node:crypto";
import JSZip from "jszip";
import { z } from "zod";
import { DomainError } from "~/domain/errors";
import { translate } from "~/utils/i18n";

export const EVIDENCE_PACKAGE_FORMAT = "kilnmark-evidence-package/1";

export type EvidenceFileInput = {
  storageKey: string;
  /** Hex SHA-256 recorded when the file was uploaded. */
  sha256: string;
  sizeBytes: number;
  mime: string;
  uploadedAt: Date | string;
  /** Who uploaded it, as it should appear in the package (name or account id). */
  uploader: string;
  originalName?: string | null;
  capturedAt?: Date | string | null;
  sourceUrl?: string | null;
  description?: string | null;
};

export type EvidencePackageInput = {
  case: { number: string } & Record<string, unknown>;
  files: EvidenceFileInput[];
  /** Case timeline entries, oldest first. Dates are written as ISO strings. */
  timeline: unknown[];
  /** Excerpt of the hash-chained audit log for this case, as exported by the audit area. */
  audit: unknown[];
  readFile: (storageKey: string) => Promise<Uint8Array>;
  generatedAt?: Date;
};

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

const manifestFileSchema = z.object({
  path: z.string().regex(/^evidence\/\d+-[0-9a-f]{64}\.[a-z0-9]+$/),
  sha256: sha256Hex,
  sizeBytes: z.number().int().nonnegative(),
  mime: z.string(),
  uploadedAt: z.string(),
  uploader: z.string(),
  originalName: z.string().optional(),
  capturedAt: z.string().optional(),
  sourceUrl: z.string().optional(),
  description: z.string().optional(),
});

const DOCUMENT_PATHS = ["timeline.json", "audit.json", "manifest.txt"] as const;

const manifestSchema = z.object({
  format: z.literal(EVIDENCE_PACKAGE_FORMAT),
  generatedAt: z.string(),
  case: z.object({ number: z.string() }).passthrough(),
  files: z.array(manifestFileSchema),
  documents: z.array(z.object({ path: z.enum(DOCUMENT_PATHS), sha256: sha256Hex, sizeBytes: z.number().int() })),
  timeline: z.array(z.unknown()),
  audit: z.array(z.unknown()),
});

type EvidenceManifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const PACKAGE_PROBLEMS = ["changed", "missing", "unexpected", "not_a_package"] as const;
type PackageProblemKind = (typeof PACKAGE_PROBLEMS)[number];
type PackageProblem = { path: string; problem: PackageProblemKind; detail?: string };

type VerifyResult = {
  ok: boolean;
  problems: PackageProblem[];
  /** Present when manifest.json could be read. */
  manifest?: EvidenceManifest;
  manifestSha256?: string;
};

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/** One spelling for JSON documents, so the embedded copy in the manifest can be re-hashed. */
/** The package's JSON files: indented for people to read; their bytes are what the manifest hashes. */
const prettyJson = (value: unknown) => JSON.stringify(value, null, 2) + "\n";

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "image/heic": "heic",
  "image/avif": "avif",
  "image/tiff": "tif",
  "application/pdf": "pdf",
  "text/html": "html",
  "text/plain": "txt",
  "video/mp4": "mp4",
  "video/quicktime": "mov",
  "audio/mpeg": "mp3",
  "message/rfc822": "eml",
};

function extensionFor(file: EvidenceFileInput): string {
  const known = EXTENSIONS[file.mime.toLowerCase().split(";")[0].trim()];
  if (known) return known;
  const fromName = /\.([A-Za-z0-9]{1,8})$/.exec(file.originalName ?? "")?.[1];
  return fromName ? fromName.toLowerCase() : "bin";
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

function both(key: string, params: Record<string, string | number> = {}): string {
  return `${translate("zh-CN", `cases.${key}`, params)} / ${translate("en", `cases.${key}`, params)}`;
}

function manifestText(m: Omit<EvidenceManifest, "documents">, docs: Array<{ path: string; sha256: string }>): string {
  const lines: string[] = [];
  lines.push(both("package.title"), "=".repeat(40), "");
  lines.push(`${both("package.caseNumber")}: ${m.case.number}`);
  for (const [k, v] of Object.entries(m.case)) {
    if (k !== "number" && v !== undefined && v !== null) lines.push(`  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
  }
  lines.push(`${both("package.generatedAt")}: ${m.generatedAt} (UTC)`, "");
  lines.push(`${both("package.files", { count: m.files.length })}:`);
  for (const f of m.files) {
    lines.push(`- ${f.path}`);
    lines.push(`    SHA-256: ${f.sha256}`);
    lines.push(`    ${both("package.size")}: ${f.sizeBytes} bytes · ${f.mime}`);
    lines.push(`    ${both("package.uploaded")}: ${f.uploadedAt} · ${f.uploader}`);
    if (f.capturedAt) lines.push(`    ${both("package.capturedAt")}: ${f.capturedAt}`);
    if (f.originalName) lines.push(`    ${both("package.originalName")}: ${f.originalName}`);
    if (f.sourceUrl) lines.push(`    ${both("package.sourceUrl")}: ${f.sourceUrl}`);
    if (f.description) lines.push(`    ${both("package.description")}: ${f.description}`);
  }
  lines.push("");
  const docLabel: Record<string, string> = { "timeline.json": "package.timeline", "audit.json": "package.audit" };
  for (const d of docs) lines.push(`${both(docLabel[d.path])} (${d.path}) SHA-256: ${d.sha256}`);
  lines.push("", `${both("package.howToVerify")}:`);
  lines.push(`  npm run verify-evidence -- FILE.zip`);
  lines.push(`  ${translate("zh-CN", "cases.package.howToVerifyByHand")}`);
  lines.push(`  ${translate("en", "cases.package.howToVerifyByHand")}`);
  return lines.join("\n") + "\n";
}

export async function buildEvidencePackage(input: EvidencePackageInput): Promise<{ zip: Buffer; manifest: EvidenceManifest; manifestSha256: string }> {
  const generatedAt = input.generatedAt ?? new Date();
  const zip = new JSZip();
  // Fixed entry dates make the same input produce the same bytes.
  const opts = { date: generatedAt, createFolders: false } as const;

  const width = Math.max(2, String(input.files.length).length);
  const files: ManifestFile[] = [];
  for (const [i, f] of input.files.entries()) {
    const data = await input.readFile(f.storageKey);
    const actual = sha256(data);
    // A package certifies files; refuse rather than certify a stored file that no longer matches its upload record.
    if (actual !== f.sha256.toLowerCase() || data.byteLength !== f.sizeBytes) {
      throw new DomainError("CONFLICT", "cases.evidence.storedFileChanged", {
        storageKey: f.storageKey,
        expected: f.sha256,
        actual,
      });
    }
    const path = `evidence/${String(i + 1).padStart(width, "0")}-${actual}.${extensionFor(f)}`;
    zip.file(path, data, opts);
    files.push({
      path,
      sha256: actual,
      sizeBytes: data.byteLength,
      mime: f.mime,
      uploadedAt: iso(f.uploadedAt),
      uploader: f.uploader,
      ...(f.originalName ? { originalName: f.originalName } : {}),
      ...(f.capturedAt ? { capturedAt: iso(f.capturedAt) } : {}),
      ...(f.sourceUrl ? { sourceUrl: f.sourceUrl } : {}),
      ...(f.description ? { description: f.description } : {}),
    });
  }

  // Round-trip through JSON so Dates become strings and the embedded copies equal the files.
  const timeline = JSON.parse(JSON.stringify(input.timeline)) as unknown[];
  const audit = JSON.parse(JSON.stringify(input.audit)) as unknown[];
  const caseData = JSON.parse(JSON.stringify(input.case)) as EvidenceManifest["case"];
  const timelineJson = prettyJson(timeline);
  const auditJson = prettyJson(audit);

  const base = { format: EVIDENCE_PACKAGE_FORMAT, generatedAt: generatedAt.toISOString(), case: caseData, files, timeline, audit } as const;
  const text = manifestText(base, [
    { path: "timeline.json", sha256: sha256(timelineJson) },
    { path: "audit.json", sha256: sha256(auditJson) },
  ]);
  const docs: Array<[(typeof DOCUMENT_PATHS)[number], string]> = [
    ["timeline.json", timelineJson],
    ["audit.json", auditJson],
    ["manifest.txt", text],
  ];
  const manifest: EvidenceManifest = {
    format: EVIDENCE_PACKAGE_FORMAT,
    generatedAt: base.generatedAt,
    case: caseData,
    files,
    documents: docs.map(([path, body]) => ({ path, sha256: sha256(body), sizeBytes: Buffer.byteLength(body) })),
    timeline,
    audit,
  };
  const manifestJson = prettyJson(manifest);
  zip.file("manifest.json", manifestJson, opts);
  for (const [path, body] of docs) zip.file(path, body, opts);

  const buffer = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 } });
  return { zip: buffer, manifest, manifestSha256: sha256(manifestJson) };
}

function notAPackage(path: string, detail: string): VerifyResult {
  return { ok: false, problems: [{ path, problem: "not_a_package", detail }] };
}

export async function verifyEvidencePackage(buffer: Uint8Array): Promise<VerifyResult> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer, { checkCRC32: false });
  } catch {
    return notAPackage("", "not a ZIP archive");
  }
  const manifestEntry = zip.file("manifest.json");
  if (!manifestEntry) return notAPackage("manifest.json", "no manifest.json");
  const manifestBytes = await manifestEntry.async("uint8array");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(manifestBytes).toString("utf8"));
  } catch {
    return notAPackage("manifest.json", "manifest.json is not JSON");
  }
  const m = manifestSchema.safeParse(parsed);
  if (!m.success) {
    const format = (parsed as { format?: unknown } | null)?.format;
    return notAPackage(
      "manifest.json",
      format === EVIDENCE_PACKAGE_FORMAT ? "manifest.json does not match the format" : `unknown format ${JSON.stringify(format ?? null)}`,
    );
  }
  const manifest = m.data;
  const problems: PackageProblem[] = [];

  const listed: Array<{ path: string; sha256: string; sizeBytes: number }> = [...manifest.files, ...manifest.documents];
  for (const entry of listed) {
    const file = zip.file(entry.path);
    if (!file) {
      problems.push({ path: entry.path, problem: "missing" });
      continue;
    }
    let data: Uint8Array;
    try {
      data = await file.async("uint8array");
    } catch {
      problems.push({ path: entry.path, problem: "changed", detail: "cannot be decompressed" });
      continue;
    }
    if (sha256(data) !== entry.sha256 || data.byteLength !== entry.sizeBytes) {
      problems.push({ path: entry.path, problem: "changed" });
    }
  }

  // The manifest embeds the timeline and audit for readability; they must be the hashed ones,
  // and each evidence file name carries the hash it had when packed.
  const manifestIssues: string[] = [];
  for (const [key, path] of [
    ["timeline", "timeline.json"],
    ["audit", "audit.json"],
  ] as const) {
    const doc = manifest.documents.find((d) => d.path === path);
    if (!doc) manifestIssues.push(`no hash for ${path}`);
    else if (sha256(prettyJson(manifest[key])) !== doc.sha256) manifestIssues.push(`embedded ${key} differs from ${path}`);
  }
  for (const f of manifest.files) {
    if (!f.path.includes(`-${f.sha256}.`)) manifestIssues.push(`hash of ${f.path} differs from its name`);
  }
  if (manifestIssues.length) problems.push({ path: "manifest.json", problem: "changed", detail: manifestIssues.join("; ") });

  const known = new Set(["manifest.json", ...listed.map((e) => e.path)]);
  for (const name of Object.keys(zip.files).sort()) {
    if (zip.files[name].dir || known.has(name)) continue;
    problems.push({ path: name, problem: "unexpected" });
  }

  return { ok: problems.length === 0, problems, manifest, manifestSha256: sha256(manifestBytes) };
}
