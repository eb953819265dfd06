import type { SeedStep } from "../seed";

/** Demo data for the cases area, created through its real use-cases. */
export const seedCases: SeedStep = async () => {};
