/**
 * Query-string filters of the public catalog (/works). Browser-safe. Unknown or malformed values
 * are dropped rather than refused: a stale bookmark should still show the catalog.
 */
import { z } from "zod";
import { TECHNIQUES, WORK_CATEGORIES } from "./vocabulary";

export const CATALOG_PAGE_SIZE = 24;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankToUndefined, schema.optional()).catch(undefined);

/** An owner is a user or a studio: "user:<id>" / "org:<id>" (ids are cuids). */
const ownerFilterSchema = z.string().regex(/^(user|org):[a-z0-9]{1,40}$/);

const catalogFilterSchema = z.object({
  q: optional(z.string().trim().max(100)),
  category: optional(z.enum(WORK_CATEGORIES)),
  technique: optional(z.enum(TECHNIQUES)),
  owner: optional(ownerFilterSchema),
  /** Year of registration (public for sealed works too). */
  year: optional(z.coerce.number().int().min(2000).max(9999)),
  page: optional(z.coerce.number().int().min(1).max(100_000)),
});

export type CatalogFilters = z.output<typeof catalogFilterSchema>;

export function parseCatalogFilters(params: URLSearchParams): CatalogFilters {
  return catalogFilterSchema.parse(Object.fromEntries(params));
}

export function parseOwnerFilter(owner: string): { kind: "user" | "org"; id: string } | null {
  if (!ownerFilterSchema.safeParse(owner).success) return null;
  const [kind, id] = owner.split(":") as ["user" | "org", string];
  return { kind, id };
}
