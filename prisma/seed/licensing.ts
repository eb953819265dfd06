import type { SeedStep } from "../seed";

/** Demo data for the licensing area, created through its real use-cases. */
export const seedLicensing: SeedStep = async () => {};
