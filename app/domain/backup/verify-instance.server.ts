/**
 * Checks that an instance (typically one just restored) is whole: the audit log's hash chain,
 * every stored certificate (registration and licence) against the registry's address, and every
 * stored image and evidence file against the SHA-256 its rows record. Uses the app's own
 * verifiers (verifyAuditLog, certificateFileOf + verifyCertificateFile) so a restore accepts
 * exactly what the app and outside verifiers accept.
 */
import { access } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { certificateFileOf } from "~/domain/anchoring/get-certificate-file.server";
import { verifyCertificateFile } from "~/domain/anchoring/verify-certificate";
import { verifyAuditLog } from "~/domain/audit/verify-audit-log.server";
import { originalKey } from "~/domain/imaging/ingest-image.server";
import { sha256File } from "./create-backup.server";

type InstanceProblem = { area: "audit" | "certificate" | "file" | "registry-key"; subject: string; detail: string };

export type InstanceReport = {
  ok: boolean;
  audit: { ok: boolean; count: number; head?: string };
  certificates: { checked: number; registration: number; license: number; failed: number };
  files: { checked: number; failed: number };
  problems: InstanceProblem[];
};

const PAGE = 500;

export async function verifyInstance(opts: {
  db: PrismaClient;
  dataDir: string;
  /** The registry address certificates must be signed by (from the manifest or the key). */
  expectedAddress: string | null;
  /** The address of the key the restored instance will sign with, when it has one. */
  instanceAddress?: string | null;
}): Promise<InstanceReport> {
  const { db, dataDir } = opts;
  const problems: InstanceProblem[] = [];

  const chain = await verifyAuditLog({ db });
  if (!chain.ok) problems.push({ area: "audit", subject: `event #${chain.brokenAt}`, detail: chain.reason });

  if (opts.expectedAddress && opts.instanceAddress && opts.expectedAddress.toLowerCase() !== opts.instanceAddress.toLowerCase()) {
    problems.push({
      area: "registry-key",
      subject: "registry key",
      detail: `the instance signs as ${opts.instanceAddress}, but the backup was made with ${opts.expectedAddress}`,
    });
  }

  const certs = { checked: 0, registration: 0, license: 0, failed: 0 };
  for (let cursor: string | undefined; ;) {
    const rows = await db.certificate.findMany({
      include: { batch: true },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      certs.checked++;
      if (row.kind === "license") certs.license++;
      else certs.registration++;
      let detail: string | null = null;
      try {
        const file = certificateFileOf(row);
        const result = await verifyCertificateFile(file, { expectedAddress: opts.expectedAddress ?? undefined });
        if (!result.ok)
          detail = result.checks
            .filter((c) => !c.ok)
            .map((c) => `${c.name}: ${c.detail}`)
            .join("; ");
        else if (file.leaf.toLowerCase() !== row.leaf.toLowerCase()) detail = `stored leaf ${row.leaf} is not the record's leaf ${file.leaf}`;
      } catch (e) {
        detail = `cannot rebuild the certificate file: ${(e as Error).message}`;
      }
      if (detail) {
        certs.failed++;
        problems.push({ area: "certificate", subject: `${row.kind} ${row.number}`, detail });
      }
    }
    cursor = rows[rows.length - 1].id;
  }

  // Several rows may share one content-addressed file; each file is hashed once.
  const expected = new Map<string, { sha256: string; owners: string[] }>();
  const note = (key: string, sha256: string, owner: string) => {
    const e = expected.get(key);
    if (!e) expected.set(key, { sha256, owners: [owner] });
    else if (e.sha256 !== sha256) problems.push({ area: "file", subject: key, detail: `${owner} records ${sha256}, ${e.owners[0]} records ${e.sha256}` });
    else e.owners.push(owner);
  };
  for (const v of await db.workView.findMany({ select: { id: true, storageKey: true, sha256: true } })) note(v.storageKey, v.sha256, `work view ${v.id}`);
  for (const ev of await db.evidence.findMany({ select: { id: true, storageKey: true, sha256: true } })) note(ev.storageKey, ev.sha256, `evidence ${ev.id}`);
  // Takedown notices keep the exact PDF sent, under the same content address (no key column).
  for (const n of await db.notice.findMany({ select: { id: true, sha256: true } })) note(originalKey(n.sha256), n.sha256, `notice ${n.id}`);
  const files = { checked: 0, failed: 0 };
  const root = path.resolve(dataDir) + path.sep;
  for (const [key, want] of expected) {
    files.checked++;
    const abs = path.resolve(dataDir, ...key.split("/"));
    let detail: string | null = null;
    if (!abs.startsWith(root)) detail = "storage key escapes the data directory";
    else if (
      !(await access(abs).then(
        () => true,
        () => false,
      ))
    )
      detail = "file is missing";
    else {
      const actual = await sha256File(abs);
      if (actual !== want.sha256) detail = `SHA-256 is ${actual}, ${want.owners[0]} records ${want.sha256}`;
    }
    if (detail) {
      files.failed++;
      problems.push({ area: "file", subject: key, detail });
    }
  }

  return {
    ok: problems.length === 0,
    audit: chain.ok ? { ok: true, count: chain.count, head: chain.head } : { ok: false, count: chain.count },
    certificates: certs,
    files,
    problems,
  };
}
