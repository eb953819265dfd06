/**
 * Exact lookup: which registered works have a view whose original file has this SHA-256.
 * Malformed input is refused with a localized message.
 */
import { DomainError } from "~/domain/errors";
import { prisma } from "~/utils/db.server";
import { toPublicMatch, type PublicMatch } from "./public-match";

export function normalizeSha256(input: string): string | null {
  // Accepts the forms people paste: bare hex, "sha256:…", and the 0x-prefixed form certificate JSON uses.
  const s = (input ?? "")
    .normalize("NFKC")
    .trim()
    .toLowerCase()
    .replace(/^sha-?256:/, "")
    .replace(/^0x/, "");
  return /^[0-9a-f]{64}$/.test(s) ? s : null;
}

export async function findViewsBySha256({ sha256, db = prisma }: { sha256: string; db?: typeof prisma }): Promise<PublicMatch[]> {
  const hex = normalizeSha256(sha256);
  if (!hex) throw new DomainError("BAD_INPUT", "catalog.verify.badSha256");
  const views = await db.workView.findMany({
    where: { sha256: hex, work: { status: "registered", registrationNumber: { not: null } } },
    orderBy: { createdAt: "asc" },
    take: 20,
    select: { kind: true, sha256: true, work: { select: { registrationNumber: true, visibility: true, titleZh: true, titleEn: true, ownerName: true } } },
  });
  return views.map((v) =>
    toPublicMatch({
      registrationNumber: v.work.registrationNumber,
      viewKind: v.kind,
      distance: 0,
      verdict: "same",
      sealed: v.work.visibility === "sealed",
      titleZh: v.work.titleZh,
      titleEn: v.work.titleEn,
      ownerName: v.work.ownerName,
      sha256: v.sha256,
    }),
  );
}
