import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, truncateSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkEntryName, readTar, TarWriter } from "./tar";

const dir = mkdtempSync(path.join(tmpdir(), "kilnmark-tar-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("tar", () => {
  it("round-trips files (empty, block-sized, large, long and non-ASCII names) and system tar reads it", async () => {
    const files: Record<string, Buffer> = {
      "data/empty": Buffer.alloc(0),
      "data/block": Buffer.alloc(512, 7),
      ["data/originals/ab/cd/" + "a".repeat(64)]: Buffer.from(Array.from({ length: 3_000_001 }, (_, i) => (i * 31) % 251)),
      ["data/" + "deep/".repeat(30) + "x.txt"]: Buffer.from("long name"),
      "data/outbox/通知-1.eml": Buffer.from("中文"),
    };
    const archive = path.join(dir, "a.tar");
    const w = new TarWriter(archive);
    for (const [name, data] of Object.entries(files)) {
      const src = path.join(dir, sha(Buffer.from(name)));
      writeFileSync(src, data);
      const info = await w.addFile(name, src, data.length);
      expect(info.sha256).toBe(sha(data));
    }
    await w.addBuffer("manifest.json", Buffer.from("{}"));
    await w.finish();
    expect(statSync(archive).mode & 0o777).toBe(0o600);

    const seen: Record<string, string> = {};
    await readTar(archive, async (e) => {
      const out = path.join(dir, "x", sha(Buffer.from(e.name)));
      seen[e.name] = e.name === "manifest.json" ? sha(await e.read(100)) : await e.extractTo(out);
      if (e.name !== "manifest.json") expect(readFileSync(out).equals(files[e.name]!)).toBe(true);
    });
    expect(Object.keys(seen)).toEqual([...Object.keys(files), "manifest.json"]);
    for (const [name, data] of Object.entries(files)) expect(seen[name]).toBe(sha(data));

    const listed = execFileSync("tar", ["-tf", archive], { encoding: "utf8" }).trim().split("\n");
    expect(listed).toEqual([...Object.keys(files), "manifest.json"]);
  });

  it("archives a growing file as it was when listed, and fails on one that shrank", async () => {
    const src = path.join(dir, "growing.log");
    writeFileSync(src, "line 1\nline 2\n");
    const w = new TarWriter(path.join(dir, "grow.tar"));
    const info = await w.addFile("data/growing.log", src, 7);
    expect(info).toEqual({ name: "data/growing.log", size: 7, sha256: sha(Buffer.from("line 1\n")) });
    // A file deleted after it was listed is refused before anything is written for it.
    await expect(w.addFile("data/gone", path.join(dir, "gone"), 10)).rejects.toMatchObject({ code: "ENOENT" });
    await w.finish();
    const names: string[] = [];
    await readTar(path.join(dir, "grow.tar"), async (e) => void names.push(e.name));
    expect(names).toEqual(["data/growing.log"]);
    const w2 = new TarWriter(path.join(dir, "shrink.tar"));
    await expect(w2.addFile("data/shrunk.log", src, 1000)).rejects.toThrow(/shrank/);
    w2.destroy();
  });

  it("refuses a corrupted header and a truncated archive", async () => {
    const archive = path.join(dir, "b.tar");
    const w = new TarWriter(archive);
    await w.addBuffer("data/x", Buffer.alloc(2000, 1));
    await w.finish();
    const bytes = readFileSync(archive);
    const bad = Buffer.from(bytes);
    bad[10] ^= 1; // name byte: checksum no longer matches
    writeFileSync(path.join(dir, "bad.tar"), bad);
    await expect(readTar(path.join(dir, "bad.tar"), async () => {})).rejects.toThrow(/checksum/);
    writeFileSync(path.join(dir, "short.tar"), bytes);
    truncateSync(path.join(dir, "short.tar"), 1500);
    await expect(readTar(path.join(dir, "short.tar"), async () => {})).rejects.toThrow(/truncated/);
  });

  it("refuses entry names that would escape the target directory", () => {
    for (const n of ["/etc/passwd", "../x", "data/../../x", "data//x", "C:/x", "data\\x", "./x"]) expect(checkEntryName(n)).not.toBeNull();
    expect(checkEntryName("data/originals/ab/cd/ef")).toBeNull();
  });

  it("reads archives made by system tar but refuses their links", async () => {
    const src = path.join(dir, "src");
    execFileSync("sh", ["-c", `mkdir -p ${src}/data && echo hi > ${src}/data/f && ln -s /etc/passwd ${src}/data/l`]);
    const plain = path.join(dir, "sys.tar");
    execFileSync("tar", ["--format=pax", "-cf", plain, "-C", src, "data/f"]);
    const names: string[] = [];
    await readTar(plain, async (e) => void names.push(e.name));
    expect(names).toEqual(["data/f"]);
    const withLink = path.join(dir, "link.tar");
    execFileSync("tar", ["-cf", withLink, "-C", src, "data/l"]);
    await expect(readTar(withLink, async () => {})).rejects.toThrow(/not a regular file/);
  });
});
