import { DEMO, HttpClient } from "../helpers";

/**
 * Case numbers the cases rows need, read from the officers' queue in the seeded demo
 * (prisma/seed/cases.ts: a reported case and one under investigation, neither involving the
 * matrix's artisan or licensee).
 */
export async function fixtures(): Promise<Record<string, string>> {
  const officer = await new HttpClient().login(DEMO.officer);
  const page = await (await officer.request("/officer/cases")).text();
  const caseNumber = /\/officer\/cases\/(KM-C-\d{4}-\d{6})/.exec(page)?.[1];
  if (!caseNumber) throw new Error("cases authz fixtures: the demo seed has no cases (prisma/seed/cases.ts needs registered works from the registry seed)");
  return { caseNumber };
}
