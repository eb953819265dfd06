import { createHash, randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { EVIDENCE_PACKAGE_FORMAT, buildEvidencePackage, verifyEvidencePackage, type EvidencePackageInput } from "./evidence-package.server";

const sha = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

// Stored files: a pseudo-photo (incompressible bytes, like a JPEG) and a saved listing page.
const photo = randomBytes(50_000);
const page = Buffer.from("<html><body>仿制青花瓶 ¥88 — listing snapshot</body></html>", "utf8");
const storage = new Map<string, Buffer>([
  ["cases/1/photo.jpg", photo],
  ["cases/1/listing.html", page],
]);

function input(overrides: Partial<EvidencePackageInput> = {}): EvidencePackageInput {
  return {
    case: {
      number: "KM-C-2026-000017",
      title: "仿制青花缠枝莲纹瓶 / Copy of a blue-and-white vase",
      platform: "pinduoduo",
      status: "notice_sent",
      works: ["JDZ-2026-000123-7"],
      reportedAt: new Date("2026-03-09T02:00:00Z"),
    },
    files: [
      {
        storageKey: "cases/1/photo.jpg",
        sha256: sha(photo),
        sizeBytes: photo.length,
        mime: "image/jpeg",
        uploadedAt: new Date("2026-03-09T02:05:00Z"),
        uploader: "王小明 (reporter)",
        originalName: "IMG_0412.JPG",
        capturedAt: "2026-03-08T12:00:00Z",
      },
      {
        storageKey: "cases/1/listing.html",
        sha256: sha(page),
        sizeBytes: page.length,
        mime: "text/html; charset=utf-8",
        uploadedAt: "2026-03-09T02:06:00.000Z",
        uploader: "officer-li",
        sourceUrl: "https://mobile.yangkeduo.com/goods.html?goods_id=1",
      },
    ],
    timeline: [
      { at: new Date("2026-03-09T02:00:00Z"), event: "reported", actor: "reporter" },
      { at: new Date("2026-03-10T01:00:00Z"), event: "triage", actor: "officer" },
      { at: new Date("2026-03-12T01:00:00Z"), event: "send_notice", actor: "officer", note: "通知已发送" },
    ],
    audit: [
      { seq: 41, type: "case.reported", hash: "ab".repeat(32), prevHash: "cd".repeat(32) },
      { seq: 57, type: "case.notice_sent", hash: "ef".repeat(32), prevHash: "01".repeat(32) },
    ],
    readFile: async (key) => {
      const b = storage.get(key);
      if (!b) throw new Error(`no such file ${key}`);
      return b;
    },
    generatedAt: new Date("2026-03-20T08:00:00Z"),
    ...overrides,
  };
}

async function rezip(buffer: Buffer, edit: (zip: JSZip) => void | Promise<void>): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buffer);
  await edit(zip);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

let pkg: Awaited<ReturnType<typeof buildEvidencePackage>>;
beforeAll(async () => {
  pkg = await buildEvidencePackage(input());
});

describe("buildEvidencePackage", () => {
  it("writes the evidence files under their hashes and a manifest describing them", async () => {
    const zip = await JSZip.loadAsync(pkg.zip);
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(
      ["audit.json", `evidence/01-${sha(photo)}.jpg`, `evidence/02-${sha(page)}.html`, "manifest.json", "manifest.txt", "timeline.json"].sort(),
    );
    expect(Buffer.from(await zip.file(`evidence/01-${sha(photo)}.jpg`)!.async("uint8array")).equals(photo)).toBe(true);

    const manifest = JSON.parse(await zip.file("manifest.json")!.async("string"));
    expect(manifest.format).toBe(EVIDENCE_PACKAGE_FORMAT);
    expect(manifest.generatedAt).toBe("2026-03-20T08:00:00.000Z");
    expect(manifest.case).toMatchObject({ number: "KM-C-2026-000017", reportedAt: "2026-03-09T02:00:00.000Z" });
    expect(manifest.files[0]).toEqual({
      path: `evidence/01-${sha(photo)}.jpg`,
      sha256: sha(photo),
      sizeBytes: 50_000,
      mime: "image/jpeg",
      uploadedAt: "2026-03-09T02:05:00.000Z",
      uploader: "王小明 (reporter)",
      originalName: "IMG_0412.JPG",
      capturedAt: "2026-03-08T12:00:00.000Z",
    });
    expect(manifest.files[1]).toMatchObject({ mime: "text/html; charset=utf-8", sourceUrl: expect.stringContaining("yangkeduo") });
    expect(manifest.timeline).toHaveLength(3);
    expect(manifest.audit[1].seq).toBe(57);

    const timelineJson = await zip.file("timeline.json")!.async("string");
    const auditJson = await zip.file("audit.json")!.async("string");
    const manifestTxt = await zip.file("manifest.txt")!.async("string");
    expect(JSON.parse(timelineJson)[2].note).toBe("通知已发送");
    expect(manifest.documents).toEqual([
      { path: "timeline.json", sha256: sha(timelineJson), sizeBytes: Buffer.byteLength(timelineJson) },
      { path: "audit.json", sha256: sha(auditJson), sizeBytes: Buffer.byteLength(auditJson) },
      { path: "manifest.txt", sha256: sha(manifestTxt), sizeBytes: Buffer.byteLength(manifestTxt) },
    ]);
    expect(pkg.manifestSha256).toBe(sha(await zip.file("manifest.json")!.async("uint8array")));
  });

  it("manifest.txt is readable in Chinese and English", async () => {
    const text = await (await JSZip.loadAsync(pkg.zip)).file("manifest.txt")!.async("string");
    expect(text).toContain("Kilnmark 证据包 / Kilnmark evidence package");
    expect(text).toContain("案件编号 / Case number: KM-C-2026-000017");
    expect(text).toContain("证据文件（2 个） / Evidence files (2)");
    expect(text).toContain(sha(photo));
    expect(text).toContain("npm run verify-evidence -- FILE.zip");
  });

  it("is reproducible: the same input gives the same bytes", async () => {
    const again = await buildEvidencePackage(input());
    expect(again.zip.equals(pkg.zip)).toBe(true);
  });

  it("refuses to package a stored file that no longer matches its upload hash", async () => {
    const tampered = Buffer.from(photo);
    tampered[100] ^= 1;
    const err = await buildEvidencePackage(input({ readFile: async (k) => (k.endsWith(".jpg") ? tampered : page) })).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "cases.evidence.storedFileChanged" });
  });
});

describe("verifyEvidencePackage", () => {
  const photoPath = () => `evidence/01-${sha(photo)}.jpg`;

  it("an intact package verifies", async () => {
    const r = await verifyEvidencePackage(pkg.zip);
    expect(r).toMatchObject({ ok: true, problems: [], manifestSha256: pkg.manifestSha256 });
    expect(r.manifest?.case.number).toBe("KM-C-2026-000017");
  });

  it("detects one changed byte in an evidence file", async () => {
    const bad = await rezip(pkg.zip, async (zip) => {
      const b = Buffer.from(await zip.file(photoPath())!.async("uint8array"));
      b[12_345] ^= 0x01;
      zip.file(photoPath(), b);
    });
    const r = await verifyEvidencePackage(bad);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([{ path: photoPath(), problem: "changed" }]);
  });

  it("detects corruption of the compressed bytes inside the archive", async () => {
    // Flip a byte in the middle of the stored photo's data without rebuilding the archive.
    const raw = Buffer.from(pkg.zip);
    const at = raw.indexOf(photo.subarray(20_000, 20_032));
    expect(at).toBeGreaterThan(0);
    raw[at + 5] ^= 0xff;
    const r = await verifyEvidencePackage(raw);
    expect(r.problems).toEqual([{ path: photoPath(), problem: "changed" }]);
  });

  it("detects a removed evidence file", async () => {
    const bad = await rezip(pkg.zip, (zip) => void zip.remove(photoPath()));
    expect((await verifyEvidencePackage(bad)).problems).toEqual([{ path: photoPath(), problem: "missing" }]);
  });

  it("detects an edited timeline", async () => {
    const bad = await rezip(pkg.zip, async (zip) => {
      const t = JSON.parse(await zip.file("timeline.json")!.async("string"));
      t[1].at = "2026-03-09T03:00:00.000Z";
      zip.file("timeline.json", JSON.stringify(t, null, 2) + "\n");
    });
    expect((await verifyEvidencePackage(bad)).problems).toEqual([{ path: "timeline.json", problem: "changed" }]);
  });

  it("detects a timeline edited in the manifest, or re-hashed there, as a changed manifest", async () => {
    const editEmbedded = await rezip(pkg.zip, async (zip) => {
      const m = JSON.parse(await zip.file("manifest.json")!.async("string"));
      m.timeline.pop();
      zip.file("manifest.json", JSON.stringify(m, null, 2) + "\n");
    });
    expect((await verifyEvidencePackage(editEmbedded)).problems).toEqual([
      { path: "manifest.json", problem: "changed", detail: "embedded timeline differs from timeline.json" },
    ]);

    // A forger who edits timeline.json and its hash but not the embedded copy is still caught.
    const rehashed = await rezip(pkg.zip, async (zip) => {
      const t = JSON.parse(await zip.file("timeline.json")!.async("string"));
      t.pop();
      const body = JSON.stringify(t, null, 2) + "\n";
      zip.file("timeline.json", body);
      const m = JSON.parse(await zip.file("manifest.json")!.async("string"));
      const doc = m.documents.find((d: { path: string }) => d.path === "timeline.json");
      doc.sha256 = sha(body);
      doc.sizeBytes = Buffer.byteLength(body);
      zip.file("manifest.json", JSON.stringify(m, null, 2) + "\n");
    });
    const r = await verifyEvidencePackage(rehashed);
    expect(r.problems.map((p) => [p.path, p.problem])).toEqual([["manifest.json", "changed"]]);
    expect(r.manifestSha256).not.toBe(pkg.manifestSha256);
  });

  it("detects an edited audit excerpt and an added file", async () => {
    const bad = await rezip(pkg.zip, (zip) => {
      zip.file("audit.json", "[]\n");
      zip.file("evidence/03-extra.jpg", "not listed");
    });
    expect((await verifyEvidencePackage(bad)).problems).toEqual([
      { path: "audit.json", problem: "changed" },
      { path: "evidence/03-extra.jpg", problem: "unexpected" },
    ]);
  });

  it("says a random file is not a package at all", async () => {
    const r = await verifyEvidencePackage(randomBytes(4096));
    expect(r).toEqual({ ok: false, problems: [{ path: "", problem: "not_a_package", detail: "not a ZIP archive" }] });
  });

  it("says a ZIP without a valid manifest is not a package", async () => {
    const plain = new JSZip();
    plain.file("photo.jpg", photo);
    const noManifest = await plain.generateAsync({ type: "nodebuffer" });
    expect((await verifyEvidencePackage(noManifest)).problems[0]).toMatchObject({ problem: "not_a_package", path: "manifest.json" });
    plain.file("manifest.json", JSON.stringify({ format: "something-else/1" }));
    const wrongFormat = await plain.generateAsync({ type: "nodebuffer" });
    expect((await verifyEvidencePackage(wrongFormat)).problems[0]).toMatchObject({
      problem: "not_a_package",
      detail: 'unknown format "something-else/1"',
    });
  });
});

describe("scripts/verify-evidence.ts", () => {
  const run = promisify(execFile);
  const tsx = path.resolve(process.cwd(), "node_modules/.bin/tsx");
  const script = path.resolve(process.cwd(), "scripts/verify-evidence.ts");
  let dir: string;

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(tsx, [script, ...args], { cwd: process.cwd(), env: { ...process.env, LANG: "en_US.UTF-8", LC_ALL: "" } });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "kilnmark-evidence-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("exits 0 for an intact package and prints the manifest hash", async () => {
    const file = path.join(dir, "intact.zip");
    await writeFile(file, pkg.zip);
    const r = await cli(file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Intact");
    expect(r.stdout).toContain("KM-C-2026-000017");
    expect(r.stdout).toContain(pkg.manifestSha256);
  });

  it("exits 1 naming the changed and the missing file", async () => {
    const file = path.join(dir, "tampered.zip");
    await writeFile(
      file,
      await rezip(pkg.zip, (zip) => {
        zip.file(`evidence/01-${sha(photo)}.jpg`, "replaced");
        zip.remove(`evidence/02-${sha(page)}.html`);
      }),
    );
    const r = await cli(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`CHANGED: evidence/01-${sha(photo)}.jpg`);
    expect(r.stderr).toContain(`MISSING: evidence/02-${sha(page)}.html`);
  });

  it("exits 1 for a file that is not a package at all", async () => {
    const file = path.join(dir, "random.zip");
    await writeFile(file, randomBytes(1000));
    const r = await cli(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not a package at all");
    expect(r.stderr).toContain("random.zip");
  });

  it("exits 2 without a file, and --json gives machine-readable output", async () => {
    expect((await cli()).code).toBe(2);
    const file = path.join(dir, "intact.zip");
    const r = await cli("--json", file);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, problems: [], caseNumber: "KM-C-2026-000017" });
  });
});
