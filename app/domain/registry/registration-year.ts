/**
 * The year in a registration number is the calendar year in China at the moment of registration
 * (see ~/domain/time/china-time, shared with licence numbers and deal references).
 */
import { chinaYear } from "~/domain/time/china-time";

export { REGISTRY_TIME_ZONE } from "~/domain/time/china-time";

export function registrationYear(at: Date): number {
  return chinaYear(at);
}
