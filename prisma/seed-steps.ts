import type { SeedStep } from "./seed";

/**
 * Later features add their demo steps here in order (register works → offers → deals → cases),
 * each through its real use-cases.
 */
export async function runSeedSteps(ctx: Parameters<SeedStep>[0], extra: SeedStep[]) {
  for (const step of extra) await step(ctx);
}
