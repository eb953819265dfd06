import { HttpClient } from "../helpers";

const NUMBER = /\/works\/(JDZ-\d{4}-\d{6}-[0-9X])/;

/**
 * A registration number of a registered demo work (from the public catalog), whose certificate
 * the registry seed issued through registerWork. The licence rows reuse licensing's dealRef
 * (Tablefine's active deal, with a licence certificate) and otherDealRef (a requested deal: none).
 */
export async function fixtures(): Promise<Record<string, string>> {
  const anon = new HttpClient();
  const html = await (await anon.request("/works")).text();
  const registrationNumber = NUMBER.exec(html)?.[1];
  if (!registrationNumber) throw new Error("certificates authz fixtures: no registered work in the public catalog (prisma/seed/registry.ts)");
  const res = await anon.request(`/works/${registrationNumber}/certificate.json`);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`certificates authz fixtures: ${registrationNumber} has no certificate (${res.status})`);
  return { certNumber: registrationNumber };
}
