/**
 * Choosing the work(s) a report is about, without an account: search registered public works
 * by title or registration number, or upload the suspect photo and get the registered works it
 * matches. Sealed works are only ever named by registration number ("matches a sealed
 * registration JDZ-…") — no title, owner or image (the "reportSearch" surface of the sealed rule).
 */
import { containsText } from "~/utils/db.server";
import type { PrismaClient } from "@prisma/client";
import { redactWork, type WorkFace } from "~/domain/access/sealed-work";
import { hashImage } from "~/domain/imaging/hash-image.server";
import { normalizeRegistrationNumber } from "~/domain/registry/registration-number";
import { findMatchingViews, type ViewMatch } from "~/domain/registry/find-matching-views.server";
import { findMotifMatches, type MotifViewMatch } from "~/domain/registry/find-motif-matches.server";
import { extractQueryFeatures } from "~/domain/imaging/motif/extract-features.server";
import { compareMatches } from "~/domain/imaging/motif/motif-rules";

export type ReportableWork = {
  registrationNumber: string;
  sealed: boolean;
  title: { zh: string; en: string } | null;
  ownerName: string | null;
  /** sha256 of a view to show as a thumbnail (public works only). */
  thumbSha256: string | null;
  distance?: number;
  verdict?: "same" | "similar" | "motif";
  /** motif matches: distinct matching points */
  inliers?: number;
};

export async function searchReportableWorks({ db, q }: { db: PrismaClient; q: string }): Promise<ReportableWork[]> {
  const query = q.normalize("NFKC").trim().slice(0, 100);
  if (query.length < 1) return [];
  const number = normalizeRegistrationNumber(query);
  const works = await db.work.findMany({
    where: number
      ? { status: "registered", registrationNumber: number }
      : {
          status: "registered",
          visibility: "public",
          OR: [{ titleZh: containsText(query) }, { titleEn: containsText(query) }, { registrationNumber: { contains: query.toUpperCase() } }],
        },
    take: 20,
    orderBy: { registeredAt: "desc" },
    select: {
      registrationNumber: true,
      visibility: true,
      titleZh: true,
      titleEn: true,
      ownerName: true,
      views: { orderBy: { order: "asc" }, take: 1, select: { sha256: true } },
    },
  });
  return works.map((w) => reportable(redactWork({ ...w, imageSha256: w.views[0]?.sha256 ?? null }, "reportSearch")));
}

/**
 * Works the photo shows: PDQ matches and local-feature (motif) matches, the best per work, in the
 * order same → motif by score → similar. If the motif engine fails, the PDQ proposals still come
 * back (the failure is logged).
 */
export async function proposeWorksForPhoto({ bytes }: { bytes: Uint8Array }): Promise<ReportableWork[]> {
  const hashes = await hashImage(bytes);
  const pdq: (ViewMatch | MotifViewMatch)[] = await findMatchingViews({ pdqDihedral: hashes.pdqDihedral, registeredOnly: true, limit: 30 });
  let motif: MotifViewMatch[] = [];
  try {
    motif = (
      await findMotifMatches({ query: await extractQueryFeatures(bytes), pdqDihedral: hashes.pdqDihedral, registeredOnly: true, limit: 10, exhaustive: true })
    ).matches;
  } catch (e) {
    console.error("[cases] motif matching of a report photo failed:", e instanceof Error ? e.message : e);
  }
  const matches = [...pdq, ...motif].sort(compareMatches);
  const best = new Map<string, ReportableWork>();
  for (const m of matches) {
    if (!m.registrationNumber || best.has(m.workId)) continue; // nearest first
    const face = redactWork({ ...m, visibility: m.sealed ? "sealed" : "public", imageSha256: m.sha256 }, "reportSearch");
    best.set(m.workId, {
      ...reportable(face),
      distance: m.distance,
      verdict: m.verdict,
      ...(m.verdict === "motif" ? { inliers: m.inliers } : {}),
    });
  }
  return [...best.values()].slice(0, 10);
}

function reportable(face: WorkFace): ReportableWork {
  return { registrationNumber: face.registrationNumber!, sealed: face.sealed, title: face.title, ownerName: face.ownerName, thumbSha256: face.imageSha256 };
}
