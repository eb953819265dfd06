/**
 * Every route × every role, over HTTP against the real server. Removing any guard turns an
 * expected 302/403 into 200 here. Areas list their routes in tests/e2e/authz/<area>.ts.
 */
import { describe, expect, it, beforeAll } from "vitest";
import { HttpClient, DEMO } from "./helpers";
import type { AuthzRow, Who } from "./authz/types";
import { rows as foundation } from "./authz/foundation";
import { rows as registry } from "./authz/registry";
import { rows as licensing } from "./authz/licensing";
import { rows as cases } from "./authz/cases";
import { rows as certificates } from "./authz/certificates";
import { rows as registryPublic } from "./authz/registry-public";
import { fixturesForAuthz } from "./authz/fixtures";

const ROWS: AuthzRow[] = [...foundation, ...registry, ...registryPublic, ...licensing, ...cases, ...certificates];
const LOGINS: Record<Exclude<Who, "anon">, string> = {
  artisan: DEMO.artisan3,
  licensee: DEMO.licensee2,
  officer: DEMO.officer2,
  admin: DEMO.admin,
};

describe("authorization matrix", () => {
  const clients = {} as Record<Who, HttpClient>;
  let fixtures: Record<string, string> = {};

  beforeAll(async () => {
    clients.anon = new HttpClient();
    for (const [who, email] of Object.entries(LOGINS)) clients[who as Who] = await new HttpClient().login(email);
    fixtures = await fixturesForAuthz();
  });

  for (const row of ROWS) {
    const label = `${row.method ?? "GET"} ${typeof row.path === "string" ? row.path : (row.note ?? row.path.toString())}`;
    it(label, async () => {
      const path = typeof row.path === "string" ? row.path : row.path(fixtures);
      const got: Record<string, number> = {};
      for (const who of Object.keys(row.expect) as Who[]) {
        const res = await clients[who].request(path, { method: row.method ?? "GET", form: row.method === "POST" ? (row.form ?? {}) : undefined });
        got[who] = res.status;
        await res.arrayBuffer();
      }
      expect(got, `${label}`).toEqual(row.expect);
    });
  }

  it("refuses a cross-site form post (CSRF) even with a valid session", async () => {
    const res = await clients.admin.request("/admin/users", {
      method: "POST",
      headers: { Origin: "https://evil.example" },
      form: { intent: "create", name: "x", email: "x@evil.example", password: "0123456789", role: "admin" },
    });
    expect(res.status).toBe(403);
  });
});
