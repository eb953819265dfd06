/**
 * Controlled vocabulary of license terms. The codes are stored in the database and hashed into
 * license terms, so they never change; labels live in the "licensing" message namespace.
 */

export const FIELDS_OF_USE = ["designer_toys", "tableware", "home_decor", "textiles", "stationery", "jewellery", "packaging", "digital", "other"] as const;
export type FieldOfUse = (typeof FIELDS_OF_USE)[number];

/**
 * Ordered from the broadest grant to the narrowest (see `exclusivityRank`):
 * - exclusive: only the licensee may use the design — not even the owner;
 * - sole: the owner and this one licensee, nobody else;
 * - non_exclusive: the owner may license anyone else as well.
 */
export const EXCLUSIVITIES = ["exclusive", "sole", "non_exclusive"] as const;
export type Exclusivity = (typeof EXCLUSIVITIES)[number];

/**
 * Where licensed goods may be made, separate from where they may be sold.
 * jdz_mark: by a holder of the "Made in Jingdezhen" (景德镇制) GI certification mark.
 */
export const PRODUCTION_REQUIREMENTS = ["any", "jdz_mark"] as const;
type ProductionRequirement = (typeof PRODUCTION_REQUIREMENTS)[number];

/** Higher = more rights given away by the owner. */
export function exclusivityRank(e: Exclusivity): number {
  return e === "exclusive" ? 2 : e === "sole" ? 1 : 0;
}

export function isFieldOfUse(v: unknown): v is FieldOfUse {
  return typeof v === "string" && (FIELDS_OF_USE as readonly string[]).includes(v);
}
export function isExclusivity(v: unknown): v is Exclusivity {
  return typeof v === "string" && (EXCLUSIVITIES as readonly string[]).includes(v);
}
export function isProductionRequirement(v: unknown): v is ProductionRequirement {
  return typeof v === "string" && (PRODUCTION_REQUIREMENTS as readonly string[]).includes(v);
}

export const fieldLabelKey = (f: FieldOfUse) => `licensing.field.${f}`;
export const exclusivityLabelKey = (e: Exclusivity) => `licensing.exclusivity.${e}`;
export const productionLabelKey = (p: ProductionRequirement) => `licensing.production.${p}`;

/** Vocabulary order, for stable display and canonical hashing. */
export function sortFields(fields: readonly FieldOfUse[]): FieldOfUse[] {
  return [...new Set(fields)].sort((a, b) => FIELDS_OF_USE.indexOf(a) - FIELDS_OF_USE.indexOf(b));
}
