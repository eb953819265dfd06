/**
 * Certificate test data: a registered work (licensing's factory) with real-looking view rows,
 * certified through issueRegistrationCertificate inside a transaction as registerWork does.
 */
import crypto from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { issueRegistrationCertificate } from "~/domain/anchoring/issue-certificates.server";
import { createRegisteredWork } from "./factories-licensing";

const hex = (bytes: number) => crypto.randomBytes(bytes).toString("hex");

export async function createCertifiedWork(db: PrismaClient, opts: { ownerUserId: string; visibility?: "public" | "sealed"; title?: string; views?: number }) {
  const work = await createRegisteredWork(db, { ownerUserId: opts.ownerUserId, visibility: opts.visibility, title: opts.title });
  const kinds = ["front", "side", "base_mark"];
  for (let i = 0; i < (opts.views ?? 2); i++) {
    const sha256 = hex(32);
    await db.workView.create({
      data: {
        workId: work.id,
        kind: kinds[i % kinds.length],
        order: i,
        sha256,
        pdq: hex(32),
        pdqQuality: 100,
        pdqDihedral: JSON.stringify(Array.from({ length: 8 }, () => hex(32))),
        phash: hex(8),
        width: 800,
        height: 600,
        sizeBytes: 12345,
        mime: "image/jpeg",
        storageKey: `originals/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`,
      },
    });
  }
  const cert = await db.$transaction((tx) => issueRegistrationCertificate({ tx, workId: work.id }));
  return { work, cert };
}
