import { REGION_CODES, isRegionCode, regionCountries } from "./territories";

/**
 * The territory codes an offer may list that cover `territory`: a country is covered by itself
 * and by every region containing it; a region by itself and by every region containing all of it.
 */
export function regionsCovering(territory: string): string[] {
  const wanted = isRegionCode(territory) ? regionCountries(territory) : [territory];
  const covering = REGION_CODES.filter((r) => {
    const set = new Set(regionCountries(r));
    return wanted.every((c) => set.has(c));
  });
  return [...new Set([territory, ...covering])];
}
