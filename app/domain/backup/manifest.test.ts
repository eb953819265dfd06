import { describe, expect, it } from "vitest";
import { BACKUP_FORMAT, compareWithManifest, parseManifest, type BackupManifest } from "./manifest";

const h = (c: string) => c.repeat(64);
const manifest: BackupManifest = {
  format: BACKUP_FORMAT,
  createdAt: "2026-11-30T09:00:00.000Z",
  appVersion: "0.1.0",
  database: { engine: "sqlite", path: "db/k.db", size: 10, sha256: h("d"), fileName: "k.db" },
  migrations: [{ name: "20261128000000_init", checksum: "x", finishedAt: null }],
  registryAddress: null,
  secretsIncluded: true,
  counts: { auditEvents: 0, certificates: 0, storedFiles: 0 },
  files: [
    { path: "a", size: 1, sha256: h("a") },
    { path: "b/c", size: 2, sha256: h("b") },
  ],
  missing: [],
};
const good = () =>
  new Map([
    ["db/k.db", { size: 10, sha256: h("d") }],
    ["data/a", { size: 1, sha256: h("a") }],
    ["data/b/c", { size: 2, sha256: h("b") }],
  ]);

describe("compareWithManifest", () => {
  it("accepts exactly the listed files", () => expect(compareWithManifest(manifest, good())).toEqual([]));

  it("names each missing, extra, resized and altered file", () => {
    const got = good();
    got.delete("data/a");
    got.set("data/evil", { size: 1, sha256: h("e") });
    got.set("data/b/c", { size: 2, sha256: h("f") });
    got.set("db/k.db", { size: 11, sha256: h("d") });
    expect(compareWithManifest(manifest, got)).toEqual([
      { path: "data/a", problem: "missing" },
      { path: "data/b/c", problem: "sha256", expected: h("b"), actual: h("f") },
      { path: "db/k.db", problem: "size", expected: "10", actual: "11" },
      { path: "data/evil", problem: "unexpected" },
    ]);
  });
});

describe("parseManifest", () => {
  it("round-trips and refuses other formats", () => {
    expect(parseManifest(JSON.stringify(manifest))).toEqual(manifest);
    expect(() => parseManifest("nope")).toThrow(/not JSON/);
    expect(() => parseManifest(JSON.stringify({ ...manifest, format: "other/1" }))).toThrow(/format/);
    expect(() => parseManifest(JSON.stringify({ ...manifest, files: [{ path: "a", size: 1, sha256: "short" }] }))).toThrow(/files\.0\.sha256/);
  });
});
