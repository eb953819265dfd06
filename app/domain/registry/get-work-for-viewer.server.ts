/**
 * Loads a work for whoever is looking (work pages, the public API, the artisan's and the
 * officer's pages), by the access rules of ~/domain/access:
 * - officers, the owner and members of the owning studio: everything ("full");
 * - anyone else, a registered (or revoked) public work: its public details ("public"), never
 *   the examination internals;
 * - anyone else, a registered (or revoked) sealed work: only the registration number, the
 *   hashes, the owner's name and the dates ("sealed") — no titles, description, images, view
 *   kinds or authors;
 * - anyone else, a work that is not registered: null (as if it did not exist).
 */
import { hasPermission, rolesOf } from "~/domain/access/roles.server";
import { redactWork } from "~/domain/access/sealed-work";
import { isWorkManager, workManagedBy } from "~/domain/access/work-managers.server";
import type { Prisma } from "@prisma/client";
import { prisma } from "~/utils/db.server";
import { normalizeRegistrationNumber } from "./registration-number";
import type { WorkRecordView, WorkRecordWork } from "./work-record";

export const PUBLIC_WORK_STATUSES = ["registered", "revoked"] as const;

type ViewerWorkView = WorkRecordView;

/** The stored columns (WorkRecordWork), techniques parsed, with the makers and views. */
type FullWork = Omit<WorkRecordWork, "techniques" | "decisionReason"> & {
  techniques: string[];
  authors: { name: string; nameEn: string; role: string }[];
  views: ViewerWorkView[];
  /** Only for "full" access (null otherwise): the examiner's reason, JSON (see parseDecisionReason). */
  decisionReason: string | null;
};

type SealedWork = {
  status: string;
  visibility: "sealed";
  registrationNumber: string | null;
  ownerName: string;
  createdAt: Date;
  submittedAt: Date | null;
  registeredAt: Date | null;
  revokedAt: Date | null;
  views: { sha256: string; pdq: string; phash: string }[];
};

type WorkForViewer =
  { access: "full"; canManage: boolean; isOfficer: boolean; work: FullWork } | { access: "public"; work: FullWork } | { access: "sealed"; work: SealedWork };

/** What getWorkForViewer loads with a work (the catalog index's WorkRecord reads the same). */
export const VIEWER_WORK_INCLUDE = {
  authors: { orderBy: { order: "asc" }, select: { name: true, nameEn: true, role: true } },
  views: {
    orderBy: { order: "asc" },
    select: {
      id: true,
      kind: true,
      order: true,
      sha256: true,
      pdq: true,
      pdqQuality: true,
      phash: true,
      width: true,
      height: true,
      sizeBytes: true,
      mime: true,
    },
  },
  ownerOrg: { select: { memberships: { select: { userId: true } } } },
} satisfies Prisma.WorkInclude;
const include = VIEWER_WORK_INCLUDE;

/** A work as loaded for the rules below: the Prisma include, or the catalog index's WorkRecord. */
export type LoadedWork = WorkRecordWork & {
  authors: { name: string; nameEn: string; role: string }[];
  views: ViewerWorkView[];
  /** The owning studio's members; not needed (and absent) for a viewer who is not signed in. */
  ownerOrg?: { memberships: { userId: string }[] } | null;
};

/** By id or by registration number (any spelling a person types). */
export async function getWorkForViewer({
  viewerId,
  workId,
  registrationNumber,
}: {
  viewerId?: string | null;
  workId?: string;
  registrationNumber?: string;
}): Promise<WorkForViewer | null> {
  let where: Prisma.WorkWhereUniqueInput;
  if (workId) where = { id: workId };
  else if (registrationNumber) {
    const n = normalizeRegistrationNumber(registrationNumber);
    if (!n) return null;
    where = { registrationNumber: n };
  } else return null;

  const row = await prisma.work.findUnique({ where, include });
  if (!row) return null;
  return workForViewer(row, { id: viewerId ?? null, roles: await rolesOf(prisma, viewerId) });
}

/**
 * The access rules on a loaded work, for a viewer and their roles (none for a visitor who is
 * not signed in). One place for every way a work is loaded.
 */
export function workForViewer(row: LoadedWork, viewer: { id: string | null; roles: readonly string[] }): WorkForViewer | null {
  const isOfficer = hasPermission(viewer.roles, "work:examine");
  // An enabled account (roles.length > 0) that manages the work (see ~/domain/access/work-managers).
  const canManage = viewer.roles.length > 0 && isWorkManager(row, viewer.id);

  const full: FullWork = {
    id: row.id,
    status: row.status,
    visibility: row.visibility,
    titleZh: row.titleZh,
    titleEn: row.titleEn,
    descriptionZh: row.descriptionZh,
    descriptionEn: row.descriptionEn,
    category: row.category,
    techniques: safeJsonArray(row.techniques),
    heightMm: row.heightMm,
    widthMm: row.widthMm,
    depthMm: row.depthMm,
    creationDate: row.creationDate,
    ownerName: row.ownerName,
    ownerUserId: row.ownerUserId,
    ownerOrgId: row.ownerOrgId,
    registrationNumber: row.registrationNumber,
    createdAt: row.createdAt,
    submittedAt: row.submittedAt,
    registeredAt: row.registeredAt,
    revokedAt: row.revokedAt,
    authors: row.authors,
    views: row.views,
    decisionReason: row.decisionReason,
  };
  if (isOfficer || canManage) return { access: "full", canManage, isOfficer, work: full };
  if (!(PUBLIC_WORK_STATUSES as readonly string[]).includes(row.status)) return null;
  // The "workPage" surface of the sealed rule; entitled viewers were answered above.
  if (!redactWork(full, "workPage").revealed) {
    return {
      access: "sealed",
      work: {
        status: row.status,
        visibility: "sealed",
        registrationNumber: row.registrationNumber,
        ownerName: row.ownerName,
        createdAt: row.createdAt,
        submittedAt: row.submittedAt,
        registeredAt: row.registeredAt,
        revokedAt: row.revokedAt,
        views: row.views.map((v) => ({ sha256: v.sha256, pdq: v.pdq, phash: v.phash })),
      },
    };
  }
  return { access: "public", work: { ...full, decisionReason: null } };
}

function safeJsonArray(s: string): string[] {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

/**
 * May this viewer see the image with this sha256? True when at least one work with a view of
 * those bytes is visible to them with images: a public registered work, one they manage, or any
 * work for an officer. (A sealed work's images are never public.)
 */
export async function canViewImage({ viewerId, sha256 }: { viewerId?: string | null; sha256: string }): Promise<{ allowed: boolean; isPublic: boolean }> {
  const publicCount = await prisma.workView.count({
    where: { sha256, work: { status: "registered", visibility: "public" } },
  });
  if (publicCount > 0) return { allowed: true, isPublic: true };
  if (!viewerId) return { allowed: false, isPublic: false };
  const roles = await rolesOf(prisma, viewerId);
  if (roles.length === 0) return { allowed: false, isPublic: false };
  if (hasPermission(roles, "work:examine")) {
    return { allowed: (await prisma.workView.count({ where: { sha256 } })) > 0, isPublic: false };
  }
  const own = await prisma.workView.count({ where: { sha256, work: workManagedBy(viewerId) } });
  return { allowed: own > 0, isPublic: false };
}
