import { HttpClient } from "../helpers";

/** A public and a sealed registration number from the seeded catalog (/works), over HTTP. */
export async function fixtures(): Promise<Record<string, string>> {
  const html = await (await new HttpClient().request("/works?year=&page=1")).text();
  const entries = html
    .split('data-testid="catalog-entry"')
    .slice(1)
    .map((block) => ({ sealed: /data-sealed="true"/.test(block), number: /data-testid="catalog-number">(JDZ-[0-9X-]+)</.exec(block)?.[1] }));
  const pub = entries.find((e) => !e.sealed && e.number)?.number;
  const sealed = entries.find((e) => e.sealed && e.number)?.number;
  if (!pub || !sealed)
    throw new Error("registry-public authz fixtures: the seeded catalog lacks a public and a sealed registered work (prisma/seed/registry.ts)");
  return { publicNumber: pub, sealedNumber: sealed };
}
