import { DEMO, HttpClient } from "../helpers";

/**
 * Case numbers the cases rows need, read from the officers' queue in the seeded demo
 * (prisma/seed/cases.ts: a reported case and one under investigation, neither involving the
 * matrix's artisan or licensee).
 */
export async function fixtures(): Promise<Record<string, string>> {
  const officer = await new HttpClient().login(DEMO.officer);
  const page = await (await officer.request("/officer/cases")).text();
  const numbers = [...new Set([...page.matchAll(/\/officer\/cases\/(KM-C-\d{4}-\d{6})/g)].map((m) => m[1]!))];
  // The queue's order is by deadline (ties in any order): take the case the matrix's licensee did
  // not report, as the officer's case page names the reporter.
  for (const caseNumber of numbers) {
    const detail = await (await officer.request(`/officer/cases/${caseNumber}`)).text();
    if (!detail.includes(DEMO.licensee2)) return { caseNumber };
  }
  throw new Error(
    "cases authz fixtures: the demo seed has no case without the matrix's licensee (prisma/seed/cases.ts needs registered works from the registry seed)",
  );
}
