/**
 * Controlled vocabularies of the registry. Values are stable identifiers stored in the
 * database; labels live in app/locales/works.ts under "works.<kind>.<value>".
 */
import { z } from "zod";

export const WORK_CATEGORIES = ["vase", "tea_ware", "tableware", "sculpture", "designer_toy", "tile_panel", "jewellery", "lamp", "other"] as const;

export const TECHNIQUES = [
  "qinghua", // 青花 blue-and-white
  "fencai", // 粉彩 famille-rose
  "linglong", // 玲珑 rice-grain
  "colour_glaze", // 颜色釉
  "underglaze_red", // 釉里红
  "doucai", // 斗彩
  "enamel", // 珐琅彩
  "xincai", // 新彩 new-colour overglaze
  "high_fire_glaze", // 高温色釉
  "sculpted", // 雕塑瓷
] as const;

/** Photographed views of a 3-D piece; a query photo is compared with every one of them. */
export const VIEW_KINDS = ["front", "side", "top", "base_mark", "detail"] as const;

export const WORK_STATUSES = ["draft", "submitted", "changes_requested", "registered", "rejected", "revoked"] as const;

/** "sealed": registered and hashed publicly, details revealed only by the owner or in a case. */
export const VISIBILITIES = ["public", "sealed"] as const;

export const REJECTION_REASONS = ["duplicate_of_registered", "insufficient_photos", "not_original", "ownership_unclear", "other"] as const;

type WorkCategory = (typeof WORK_CATEGORIES)[number];
export type Technique = (typeof TECHNIQUES)[number];
export type ViewKind = (typeof VIEW_KINDS)[number];
export type WorkStatus = (typeof WORK_STATUSES)[number];

export function isWorkStatus(v: unknown): v is WorkStatus {
  return typeof v === "string" && (WORK_STATUSES as readonly string[]).includes(v);
}

export function isViewKind(v: unknown): v is ViewKind {
  return typeof v === "string" && (VIEW_KINDS as readonly string[]).includes(v);
}
export type Visibility = (typeof VISIBILITIES)[number];
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const workCategorySchema = z.enum(WORK_CATEGORIES);
export const techniqueSchema = z.enum(TECHNIQUES);
export const viewKindSchema = z.enum(VIEW_KINDS);
export const rejectionReasonSchema = z.enum(REJECTION_REASONS);

/** Every vocabulary by the key segment its labels use. */
export const VOCABULARIES = {
  category: WORK_CATEGORIES,
  technique: TECHNIQUES,
  view: VIEW_KINDS,
  status: WORK_STATUSES,
  visibility: VISIBILITIES,
  rejection: REJECTION_REASONS,
} as const;

export type VocabularyKind = keyof typeof VOCABULARIES;
type VocabularyValue<K extends VocabularyKind> = (typeof VOCABULARIES)[K][number];

/** i18n key of a vocabulary label, e.g. labelKey("category", "vase") → "works.category.vase". */
export function labelKey<K extends VocabularyKind>(kind: K, value: VocabularyValue<K>): string {
  return `works.${kind}.${value}`;
}

export const categoryKey = (v: WorkCategory) => labelKey("category", v);
export const techniqueKey = (v: Technique) => labelKey("technique", v);
export const rejectionTemplateKey = (v: RejectionReason) => `works.rejection.${v}.template`;
