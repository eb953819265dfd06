/**
 * A stored view found by a matcher (PDQ or motif), with the work fields every caller shapes its
 * answer from. One select and one mapping for both matchers, so the sealed flag and the owner
 * fields are read the same way everywhere (public-match.ts decides what a sealed work shows).
 */
export const MATCHED_VIEW_SELECT = {
  id: true,
  kind: true,
  sha256: true,
  work: {
    select: {
      id: true,
      status: true,
      registrationNumber: true,
      visibility: true,
      titleZh: true,
      titleEn: true,
      ownerName: true,
      ownerUserId: true,
      ownerOrgId: true,
    },
  },
} as const;

type MatchedViewRow = {
  id: string;
  kind: string;
  sha256: string;
  work: {
    id: string;
    status: string;
    registrationNumber: string | null;
    visibility: string;
    titleZh: string;
    titleEn: string;
    ownerName: string;
    ownerUserId: string | null;
    ownerOrgId: string | null;
  };
};

export type MatchedView = {
  viewId: string;
  viewKind: string;
  workId: string;
  workStatus: string;
  registrationNumber: string | null;
  sealed: boolean;
  titleZh: string;
  titleEn: string;
  ownerName: string;
  ownerUserId: string | null;
  ownerOrgId: string | null;
  /** sha256 of the matched view: the key of its display derivatives. */
  sha256: string;
};

export function toMatchedView(v: MatchedViewRow): MatchedView {
  return {
    viewId: v.id,
    viewKind: v.kind,
    workId: v.work.id,
    workStatus: v.work.status,
    registrationNumber: v.work.registrationNumber,
    sealed: v.work.visibility === "sealed",
    titleZh: v.work.titleZh,
    titleEn: v.work.titleEn,
    ownerName: v.work.ownerName,
    ownerUserId: v.work.ownerUserId,
    ownerOrgId: v.work.ownerOrgId,
    sha256: v.sha256,
  };
}
