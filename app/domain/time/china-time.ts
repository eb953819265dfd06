/**
 * The registry's clock for everything people read as a date or a year: Asia/Shanghai (UTC+8, no
 * daylight saving). Storage stays UTC; a work registered or a licence granted on 1 January at
 * 00:30 in Jingdezhen belongs to the new year although it is still 31 December in UTC.
 */
export const REGISTRY_TIME_ZONE = "Asia/Shanghai";

const yearFormat = new Intl.DateTimeFormat("en-US", { timeZone: REGISTRY_TIME_ZONE, year: "numeric" });

/** The calendar year in China at this instant. */
export function chinaYear(at: Date): number {
  return Number(yearFormat.format(at));
}
