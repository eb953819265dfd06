/**
 * Certificate format 2 over HTTP: the public certificate commits to the title without revealing
 * it or its salt; the owner (only) sees a link to, and downloads, the copy whose salt and title
 * open the commitment — and that copy verifies offline.
 */
import { describe, expect, it } from "vitest";
import { verifyCertificateFile } from "~/domain/anchoring/verify-certificate";
import type { CertificateFile } from "~/domain/anchoring/certificate";
import { DEMO, HttpClient } from "./helpers";

describe("owner's copy of a registration certificate", () => {
  it("only the owner gets the salt; it proves the title; the public file has neither", async () => {
    const owner = await new HttpClient().login(DEMO.artisan);
    const mine = await (await owner.request("/my/works")).text();
    const numbers = [...new Set([...mine.matchAll(/JDZ-\d{4}-\d{6}-[0-9X]/g)].map((m) => m[0]))];
    expect(numbers.length).toBeGreaterThan(0);
    let number: string | null = null;
    let ownerFile: CertificateFile | null = null;
    for (const n of numbers) {
      const r = await owner.request(`/works/${n}/certificate.json?with=title`);
      if (r.status === 200) {
        number = n;
        ownerFile = (await r.json()) as CertificateFile;
        break;
      }
    }
    expect(number, "a registered work of the demo artisan").not.toBeNull();
    expect(ownerFile!.format).toBe("kilnmark-certificate/2");
    expect(ownerFile!.titleOpening?.salt).toMatch(/^0x[0-9a-f]{64}$/);

    // The owner's page links to it.
    const page = await (await owner.request(`/works/${number}`)).text();
    expect(page).toContain(`/works/${number}/certificate.json?with=title`);

    const verified = await verifyCertificateFile(JSON.stringify(ownerFile));
    expect(verified.ok).toBe(true);
    expect(verified.checks.find((c) => c.name === "title")).toMatchObject({ ok: true });

    // Public: no salt, no title opening, no plain title hash; the page has no owner link.
    const anon = new HttpClient();
    const pub = await (await anon.request(`/works/${number}/certificate.json`)).text();
    expect(pub).not.toContain(ownerFile!.titleOpening!.salt.slice(2));
    expect(pub).not.toContain("titleOpening");
    expect(JSON.parse(pub).record).not.toHaveProperty("titleHash");
    expect(await (await anon.request(`/works/${number}`)).text()).not.toContain("?with=title");
    // Anonymous: sent to log in; another signed-in user: 404, as for a missing number.
    expect((await anon.request(`/works/${number}/certificate.json?with=title`)).status).toBe(302);
    const other = await new HttpClient().login(DEMO.licensee);
    expect((await other.request(`/works/${number}/certificate.json?with=title`)).status).toBe(404);
    expect(await (await other.request(`/works/${number}`)).text()).not.toContain("?with=title");

    // The /verify/certificate page accepts the owner's copy and shows the title check.
    const form = new FormData();
    form.append("file", new Blob([JSON.stringify(ownerFile)], { type: "application/json" }), "owner.json");
    const up = await anon.request("/verify/certificate", { method: "POST", body: form });
    expect(up.status).toBe(200);
    expect(await up.text()).toContain(ownerFile!.titleOpening!.titleZh);
  });
});
