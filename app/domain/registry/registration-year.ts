/**
 * The year in a registration number is the calendar year in China (Asia/Shanghai, UTC+8, no
 * daylight saving) at the moment of registration: the registry, its officers and the artisans
 * are in Jingdezhen, and a work registered on 1 January at 00:30 local time is a new-year
 * registration to everyone who reads the certificate, although it is still 31 December in UTC.
 */
export const REGISTRY_TIME_ZONE = "Asia/Shanghai";

const yearFormat = new Intl.DateTimeFormat("en-US", { timeZone: REGISTRY_TIME_ZONE, year: "numeric" });

export function registrationYear(at: Date): number {
  return Number(yearFormat.format(at));
}
