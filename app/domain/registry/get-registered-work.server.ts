/**
 * A registered work as the public (the work page, the API, /verify) may see it.
 *
 * Public works: everything about the piece. Sealed works: only the registration number, the
 * hashes of each view, the owner's name and the dates — unless the viewer manages the work
 * (owner, studio member) or is an officer, who see everything. Unknown, malformed and
 * not-yet-registered numbers are all simply "not found".
 */
import { isWeakPdq } from "~/domain/imaging/hamming";
import { prisma } from "~/utils/db.server";
import { hasPermission } from "~/utils/permissions";
import { normalizeRegistrationNumber } from "./registration-number";

export type PublicViewHashes = {
  kind: string;
  sha256: string;
  pdq: string;
  pdqQuality: number;
  /** PDQ quality < 50: the perceptual hash is not reliable for matching. */
  weak: boolean;
  phash: string;
};

export type RegisteredWorkDetails = {
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  category: string;
  techniques: string[];
  dimensionsMm: { height: number | null; width: number | null; depth: number | null };
  creationDate: string | null;
  authors: { name: string; nameEn: string; role: string }[];
  views: (PublicViewHashes & { width: number; height: number })[];
};

export type RegisteredWork = {
  registrationNumber: string;
  status: "registered" | "revoked";
  sealed: boolean;
  ownerName: string;
  submittedAt: string | null;
  registeredAt: string | null;
  revokedAt: string | null;
  hashes: PublicViewHashes[];
  /** null when sealed and the viewer may not see the details. */
  details: RegisteredWorkDetails | null;
  /** The viewer sees a sealed work's details because they manage it or are an officer. */
  revealedToViewer: boolean;
  offers: { id: string; exclusivity: string; upfrontFeeFen: number; royaltyBps: number }[];
};

export type Viewer = { id: string; roles: readonly string[] } | null;

export async function getRegisteredWork({
  registrationNumber,
  viewer = null,
  db = prisma,
}: {
  registrationNumber: string;
  viewer?: Viewer;
  db?: typeof prisma;
}): Promise<RegisteredWork | null> {
  const number = normalizeRegistrationNumber(registrationNumber ?? "");
  if (!number) return null;
  const work = await db.work.findFirst({
    where: { registrationNumber: number, status: { in: ["registered", "revoked"] } },
    include: {
      views: { orderBy: [{ order: "asc" }, { createdAt: "asc" }] },
      authors: { orderBy: { order: "asc" } },
      offers: { where: { status: "published" }, orderBy: { createdAt: "desc" }, select: { id: true, exclusivity: true, upfrontFeeFen: true, royaltyBps: true } },
    },
  });
  if (!work) return null;
  const sealed = work.visibility === "sealed";
  let mayReveal = !sealed;
  if (sealed && viewer) {
    if (hasPermission(viewer.roles, "work:examine") || work.ownerUserId === viewer.id) mayReveal = true;
    else if (work.ownerOrgId) {
      mayReveal = (await db.membership.count({ where: { organizationId: work.ownerOrgId, userId: viewer.id } })) > 0;
    }
  }
  const hashes = work.views.map((v) => ({ kind: v.kind, sha256: v.sha256, pdq: v.pdq, pdqQuality: v.pdqQuality, weak: isWeakPdq(v.pdqQuality), phash: v.phash }));
  return {
    registrationNumber: number,
    status: work.status as "registered" | "revoked",
    sealed,
    ownerName: work.ownerName,
    submittedAt: work.submittedAt?.toISOString() ?? null,
    registeredAt: work.registeredAt?.toISOString() ?? null,
    revokedAt: work.revokedAt?.toISOString() ?? null,
    hashes,
    revealedToViewer: sealed && mayReveal,
    details: mayReveal
      ? {
          titleZh: work.titleZh,
          titleEn: work.titleEn,
          descriptionZh: work.descriptionZh,
          descriptionEn: work.descriptionEn,
          category: work.category,
          techniques: parseCodes(work.techniques),
          dimensionsMm: { height: work.heightMm, width: work.widthMm, depth: work.depthMm },
          creationDate: work.creationDate ? work.creationDate.toISOString().slice(0, 10) : null,
          authors: work.authors.map((a) => ({ name: a.name, nameEn: a.nameEn, role: a.role })),
          views: work.views.map((v, i) => ({ ...hashes[i]!, width: v.width, height: v.height })),
        }
      : null,
    // Published offers are public in /offers anyway (a sealed work's shown without its title).
    offers: work.offers,
  };
}

function parseCodes(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}
