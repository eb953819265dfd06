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

// China has kept UTC+8 without daylight saving since 1991: a fixed offset is exact and keeps
// these helpers free of time-zone data (the same instants Intl gives for Asia/Shanghai).
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in China at this instant, "YYYY-MM-DD". */
export function chinaDate(at: Date | number): string {
  return new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Date and minute in China at this instant, "YYYY-MM-DD HH:MM". */
export function chinaDateTime(at: Date | number): string {
  return new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}

/** 00:00 China time of a local date "YYYY-MM-DD", as a UTC instant. */
export function startOfChinaDay(localDate: string): Date {
  return new Date(Date.parse(`${localDate}T00:00:00Z`) - CHINA_OFFSET_MS);
}
