/**
 * The sealed-work rule, in one place for every surface that shows a work to someone.
 *
 * A sealed ("private") registration is public only as a fact: the work is registered, under this
 * number, with these hashes and dates. Its titles, description, category, techniques, authors,
 * creation date, sizes and pictures stay sealed, except for the people entitled to them — the
 * work's managers (see work-managers.server.ts) and registry officers — and only on the surfaces
 * that are pages for a signed-in viewer. Documents (PDFs, receipts, Stripe) travel beyond the
 * parties and never reveal a sealed work, whoever asks for them.
 *
 * What remains of a sealed work depends on the kind of surface:
 * - "register": the public register's own record of the work (work page, catalog, public API,
 *   /verify matches, the registration certificate, the takedown notice that asserts it) names
 *   the rights holder: number + owner name.
 * - "reference": a work mentioned inside somebody else's business (report search, case pages and
 *   notices, offer and deal pages, licences, receipts, checkout) is named by its number only.
 *
 * Decision: docs/decisions/009-access-policy.md. The table test beside this file pins, for each
 * viewer kind × sealed/public × surface, which fields are shown.
 */
import { translate } from "~/utils/i18n";

type SealedFacts = "register" | "reference";

/** Every surface that shows a work, with what a sealed work keeps there and whether entitled viewers see through it. */
export const WORK_SURFACES = {
  workPage: { facts: "register", revealsToEntitled: true },
  catalog: { facts: "register", revealsToEntitled: false },
  publicApi: { facts: "register", revealsToEntitled: false },
  publicMatch: { facts: "register", revealsToEntitled: false },
  registrationCertificate: { facts: "register", revealsToEntitled: false },
  reportSearch: { facts: "reference", revealsToEntitled: false },
  caseView: { facts: "reference", revealsToEntitled: true },
  caseNotice: { facts: "register", revealsToEntitled: false },
  offerOrDeal: { facts: "reference", revealsToEntitled: false },
  publicLicence: { facts: "reference", revealsToEntitled: false },
  licenceCertificate: { facts: "reference", revealsToEntitled: false },
  paymentReceipt: { facts: "reference", revealsToEntitled: false },
  payoutStatement: { facts: "reference", revealsToEntitled: false },
  checkout: { facts: "reference", revealsToEntitled: false },
} as const satisfies Record<string, { facts: SealedFacts; revealsToEntitled: boolean }>;

export type WorkSurface = keyof typeof WORK_SURFACES;

/** Who is looking, as far as the sealed rule cares. */
export type WorkViewer = { isOfficer: boolean; managesWork: boolean };
const ANONYMOUS_VIEWER: WorkViewer = { isOfficer: false, managesWork: false };

type WorkAuthor = { name: string; nameEn: string; role?: string };

/** A work as loaded; optional fields are the ones a surface may not have loaded. */
type SealableWork = {
  visibility: string;
  registrationNumber: string | null;
  ownerName: string;
  titleZh: string;
  titleEn: string;
  descriptionZh?: string;
  descriptionEn?: string;
  category?: string;
  /** The codes, or the stored JSON array of them. */
  techniques?: readonly string[] | string;
  authors?: readonly WorkAuthor[];
  creationDate?: Date | null;
  /** The picture to show (a view's sha256), when the surface shows one. */
  imageSha256?: string | null;
};

/** A work as a surface may show it: every sealed field is null unless revealed. */
export type WorkFace = {
  sealed: boolean;
  /** True when the details are shown: a public work, or a sealed one revealed to this viewer. */
  revealed: boolean;
  registrationNumber: string | null;
  ownerName: string | null;
  title: { zh: string; en: string } | null;
  description: { zh: string; en: string } | null;
  category: string | null;
  techniques: string[] | null;
  authors: WorkAuthor[] | null;
  creationDate: Date | null;
  imageSha256: string | null;
};

function isSealed(work: { visibility: string }): boolean {
  return work.visibility === "sealed";
}

/** May this viewer see the work's details (anywhere details are shown to entitled viewers)? */
export function mayRevealWork(work: { visibility: string }, viewer: WorkViewer): boolean {
  return !isSealed(work) || viewer.isOfficer || viewer.managesWork;
}

/** The one redaction: the work as `surface` shows it to `viewer`. */
export function redactWork(work: SealableWork, surface: WorkSurface, viewer: WorkViewer = ANONYMOUS_VIEWER): WorkFace {
  const rule = WORK_SURFACES[surface];
  const sealed = isSealed(work);
  const revealed = !sealed || (rule.revealsToEntitled && mayRevealWork(work, viewer));
  const ownerName = revealed || rule.facts === "register" ? work.ownerName : null;
  return {
    sealed,
    revealed,
    registrationNumber: work.registrationNumber,
    ownerName,
    title: revealed ? { zh: work.titleZh, en: work.titleEn } : null,
    description: revealed && work.descriptionZh !== undefined ? { zh: work.descriptionZh, en: work.descriptionEn ?? "" } : null,
    category: revealed ? (work.category ?? null) : null,
    techniques: revealed && work.techniques !== undefined ? codes(work.techniques) : null,
    authors: revealed && work.authors ? [...work.authors] : null,
    creationDate: revealed ? (work.creationDate ?? null) : null,
    imageSha256: revealed ? (work.imageSha256 ?? null) : null,
  };
}

function codes(v: readonly string[] | string): string[] {
  if (typeof v !== "string") return [...v];
  try {
    const parsed = JSON.parse(v) as unknown;
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/** A work's title on paper in both languages; a sealed one reads "Registered work (details sealed)". */
export function paperWorkTitle(face: WorkFace): { zh: string; en: string } {
  return face.title ?? { zh: translate("zh-CN", "licensing.work.sealedTitle"), en: translate("en", "licensing.work.sealedTitle") };
}
