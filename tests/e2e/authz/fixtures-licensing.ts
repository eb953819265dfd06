import { DEMO, HttpClient } from "../helpers";

const DEAL_REF = /\/deals\/(KM-D-\d{4}-[0-9A-Z]{6})/g;

async function html(client: HttpClient, path: string) {
  const res = await client.request(path);
  return res.text();
}

/**
 * Ids the licensing rows need, found in the seeded demo over HTTP: an offer, Tablefine's active
 * deal and its licence number, PopClay's requested deal. The matrix's artisan (artisan.xu) must
 * be a stranger to the deals used; that is checked here so an expectation never depends on which
 * works the registry seed gave to whom.
 */
export async function fixtures(): Promise<Record<string, string>> {
  const anon = new HttpClient();
  const offerId = /href="\/offers\/([a-z0-9]{20,})"/.exec(await html(anon, "/offers"))?.[1];
  const tablefine = await new HttpClient().login(DEMO.licensee2);
  const tfDash = await html(tablefine, "/dashboard");
  const dealRef = [...tfDash.matchAll(DEAL_REF)][0]?.[1];
  const licenseNumber = /JDZL-\d{4}-\d{6}-[0-9A-Z]/.exec(tfDash)?.[0];
  // PopClay's seeded deal that is still only requested: other e2e files (run in any order) may
  // have given PopClay active deals by now.
  const popclay = await new HttpClient().login(DEMO.licensee);
  let pcRef: string | undefined;
  for (const [, ref] of (await html(popclay, "/dashboard")).matchAll(DEAL_REF)) {
    if ((await html(popclay, `/deals/${ref}`)).includes('data-status="requested"')) {
      pcRef = ref;
      break;
    }
  }
  if (!offerId || !dealRef || !licenseNumber || !pcRef) {
    throw new Error("licensing authz fixtures: the demo seed has no offers/deals (prisma/seed/licensing.ts needs 2 registered works from the registry seed)");
  }
  const xu = await new HttpClient().login(DEMO.artisan3);
  for (const ref of [dealRef, pcRef]) {
    const res = await xu.request(`/deals/${ref}`);
    await res.arrayBuffer();
    if (res.status !== 404) throw new Error(`licensing authz fixtures: artisan.xu is a party to ${ref}; the rows assume a stranger`);
  }
  return { offerId, dealRef, licenseNumber, otherDealRef: pcRef };
}
