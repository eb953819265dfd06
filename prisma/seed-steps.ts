import type { SeedStep } from "./seed";
import { seedRegistry } from "./seed/registry";
import { seedLicensing } from "./seed/licensing";
import { seedCases } from "./seed/cases";

/** Demo steps in the order the real use-cases need: works → offers and deals → cases. */
export async function runSeedSteps(ctx: Parameters<SeedStep>[0], extra: SeedStep[]) {
  for (const step of [seedRegistry, seedLicensing, seedCases, ...extra]) await step(ctx);
}
