import type { SeedStep } from "../seed";

/** Demo data for the registry area, created through its real use-cases. */
export const seedRegistry: SeedStep = async () => {};
