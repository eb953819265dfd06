/**
 * A registered work by its number, as the work page, the public API and /verify show it. The
 * sealed rule itself lives in getWorkForViewer (one place for every page); this adds what the
 * public side needs around it: only registered (or revoked) works exist here, the weak-hash flag,
 * and the work's published license offers.
 *
 * Public works: everything about the piece. Sealed works: only the registration number, the
 * hashes, the owner's name and the dates — unless the viewer manages the work or is an officer.
 * Unknown, malformed and not-yet-registered numbers are all simply "not found" (null).
 */
import { isWeakPdq } from "~/domain/imaging/hamming";
import { prisma } from "~/utils/db.server";
import { enumValue } from "~/domain/enum-column";
import type { AnchorBatch, Certificate } from "@prisma/client";
import { catalogIndex } from "./catalog-index.server";
import { getWorkForViewer, PUBLIC_WORK_STATUSES, workForViewer } from "./get-work-for-viewer.server";
import { normalizeRegistrationNumber } from "./registration-number";

const isPublicWorkStatus = (v: unknown): v is (typeof PUBLIC_WORK_STATUSES)[number] =>
  typeof v === "string" && (PUBLIC_WORK_STATUSES as readonly string[]).includes(v);

/** What is public about every view, sealed or not. */
export type PublicHashes = { sha256: string; pdq: string; phash: string };

export type RegisteredWorkView = PublicHashes & {
  kind: string;
  pdqQuality: number;
  /** PDQ quality < 50: the perceptual hash is not reliable for matching. */
  weak: boolean;
  width: number;
  height: number;
};

type RegisteredWorkDetails = {
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  category: string;
  techniques: string[];
  dimensionsMm: { height: number | null; width: number | null; depth: number | null };
  creationDate: string | null;
  authors: { name: string; nameEn: string; role: string }[];
  views: RegisteredWorkView[];
};

type RegisteredWork = {
  registrationNumber: string;
  status: "registered" | "revoked";
  sealed: boolean;
  ownerName: string;
  submittedAt: string | null;
  registeredAt: string | null;
  revokedAt: string | null;
  hashes: PublicHashes[];
  /** null when sealed and the viewer may not see the details. */
  details: RegisteredWorkDetails | null;
  /** The viewer sees a sealed work's details because they manage it or are an officer. */
  revealedToViewer: boolean;
  offers: { id: string; exclusivity: string; upfrontFeeFen: number; royaltyBps: number }[];
};

export async function getRegisteredWork(args: { registrationNumber: string; viewerId?: string | null }): Promise<RegisteredWork | null> {
  return (await readRegisteredWork(args))?.work ?? null;
}

/**
 * The work page's read: the work as getRegisteredWork shows it, and its certificate row (with
 * the batch) for getCertificateStatus's rules. A visitor who is not signed in (most of the
 * page's traffic) is answered from one statement of the catalog index.
 */
export async function getRegisteredWorkWithCertificate(args: {
  registrationNumber: string;
  viewerId?: string | null;
}): Promise<{ work: RegisteredWork; certificate: CertificateWithBatch | null } | null> {
  const read = await readRegisteredWork(args);
  if (!read) return null;
  const certificate =
    read.certificate !== undefined
      ? read.certificate
      : await prisma.certificate.findUnique({ where: { number: read.work.registrationNumber }, include: { batch: true } });
  return { work: read.work, certificate };
}

type CertificateWithBatch = Certificate & { batch: AnchorBatch | null };

async function readRegisteredWork({
  registrationNumber,
  viewerId = null,
}: {
  registrationNumber: string;
  viewerId?: string | null;
}): Promise<{ work: RegisteredWork; certificate?: CertificateWithBatch | null } | null> {
  let found: Awaited<ReturnType<typeof getWorkForViewer>>;
  let offers: RegisteredWork["offers"];
  let certificate: CertificateWithBatch | null | undefined;
  if (!viewerId) {
    const n = normalizeRegistrationNumber(registrationNumber ?? "");
    const record = n ? await catalogIndex().work(n) : null;
    if (!record) return null;
    found = workForViewer({ ...record.work, authors: record.authors, views: record.views }, { id: null, roles: [] });
    offers = record.offers;
    certificate = record.certificate;
  } else {
    found = await getWorkForViewer({ viewerId, registrationNumber: registrationNumber ?? "" });
  }
  if (!found || !found.work.registrationNumber) return null;
  const w = found.work;
  if (!isPublicWorkStatus(w.status)) return null;
  const sealed = w.visibility === "sealed";
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  // Published offers are public in /offers anyway (a sealed work's without its title).
  offers ??= await prisma.licenseOffer.findMany({
    where: { status: "published", work: { registrationNumber: w.registrationNumber } },
    orderBy: { createdAt: "desc" },
    select: { id: true, exclusivity: true, upfrontFeeFen: true, royaltyBps: true },
  });
  const base = {
    registrationNumber: w.registrationNumber!,
    status: enumValue(isPublicWorkStatus, w.status, "public work status"),
    sealed,
    ownerName: w.ownerName,
    submittedAt: iso(w.submittedAt),
    registeredAt: iso(w.registeredAt),
    revokedAt: iso(w.revokedAt),
    hashes: w.views.map((v) => ({ sha256: v.sha256, pdq: v.pdq, phash: v.phash })),
    offers,
  };
  if (found.access === "sealed") return { work: { ...base, details: null, revealedToViewer: false }, certificate };
  const f = found.work;
  const work: RegisteredWork = {
    ...base,
    revealedToViewer: sealed,
    details: {
      titleZh: f.titleZh,
      titleEn: f.titleEn,
      descriptionZh: f.descriptionZh,
      descriptionEn: f.descriptionEn,
      category: f.category,
      techniques: f.techniques,
      dimensionsMm: { height: f.heightMm, width: f.widthMm, depth: f.depthMm },
      creationDate: f.creationDate ? f.creationDate.toISOString().slice(0, 10) : null,
      authors: f.authors,
      views: f.views.map((v) => ({
        kind: v.kind,
        sha256: v.sha256,
        pdq: v.pdq,
        phash: v.phash,
        pdqQuality: v.pdqQuality,
        weak: isWeakPdq(v.pdqQuality),
        width: v.width,
        height: v.height,
      })),
    },
  };
  return { work, certificate };
}
