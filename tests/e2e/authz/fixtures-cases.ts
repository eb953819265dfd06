import { DEMO, HttpClient, scalarFromDb } from "../helpers";

/**
 * Case numbers the cases rows need, read from the officers' queue in the seeded demo
 * (prisma/seed/cases.ts: a reported case and one under investigation, neither involving the
 * matrix's artisan or licensee).
 */
export async function fixtures(): Promise<Record<string, string>> {
  const officer = await new HttpClient().login(DEMO.officer);
  const page = await (await officer.request("/officer/cases")).text();
  const numbers = [...new Set([...page.matchAll(/\/officer\/cases\/(KM-C-\d{4}-\d{6})/g)].map((m) => m[1]!))];
  // The queue's order is by deadline (ties in any order), and other test files add cases as they
  // run (in any order): take one to which neither the matrix's artisan nor its licensee is a party
  // — not the reporter, not a manager of a reported work — read from the database itself.
  for (const caseNumber of numbers) {
    if ((await partiesAmong(caseNumber, [DEMO.artisan3, DEMO.licensee2])) === 0) return { caseNumber };
  }
  throw new Error(
    "cases authz fixtures: the demo seed has no case without the matrix's licensee (prisma/seed/cases.ts needs registered works from the registry seed)",
  );
}

/** How many of these accounts (by e-mail) are a party to the case: its reporter, or a manager of one of its works. */
function partiesAmong(caseNumber: string, emails: string[]): Promise<number> {
  if (!/^KM-C-\d{4}-\d{6}$/.test(caseNumber) || emails.some((e) => !/^[\w.@-]+$/.test(e))) throw new Error("unexpected fixture value");
  const list = emails.map((e) => `'${e}'`).join(", ");
  const users = `SELECT u."id" FROM "User" u WHERE u."email" IN (${list})`;
  return scalarFromDb(`SELECT count(*) FROM "InfringementCase" c WHERE c."number" = '${caseNumber}' AND (
    c."reporterEmail" IN (${list}) OR c."reporterId" IN (${users})
    OR EXISTS (SELECT 1 FROM "CaseWork" cw JOIN "Work" w ON w."id" = cw."workId" WHERE cw."caseId" = c."id" AND (
      w."ownerUserId" IN (${users})
      OR w."ownerOrgId" IN (SELECT m."organizationId" FROM "Membership" m WHERE m."userId" IN (${users})))))`);
}
