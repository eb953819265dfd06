import { fixtures as registry } from "./fixtures-registry";
import { fixtures as licensing } from "./fixtures-licensing";
import { fixtures as cases } from "./fixtures-cases";
import { fixtures as certificates } from "./fixtures-certificates";
import { fixtures as registryPublic } from "./fixtures-registry-public";

/** Ids the matrix needs (a registered work, a deal, a case…), gathered per area. */
export async function fixturesForAuthz(): Promise<Record<string, string>> {
  return { ...(await registry()), ...(await licensing()), ...(await cases()), ...(await certificates()), ...(await registryPublic()) };
}
