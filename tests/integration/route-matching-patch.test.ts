import path from "node:path";
import { UNSAFE_matchRoutesFullScan, matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";

// patches/@remix-run+router+1.23.3.patch (decision 017) tries only the branches that can match a
// pathname's first segment. This proves, over the app's own route tree, that it finds exactly what
// trying every ranked branch finds (the router's own algorithm, exported by the patch for this).

declare module "@remix-run/router" {
  export function UNSAFE_matchRoutesFullScan(routes: AgnosticRouteObject[], pathname: string): ReturnType<typeof matchRoutes>;
}

type Entry = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean };

/** The route tree the server builds from the app's route manifest (remix.config.js, flat routes). */
async function appRoutes(): Promise<AgnosticRouteObject[]> {
  const { readConfig } = (await import("@remix-run/dev/dist/config.js")) as unknown as {
    readConfig: (root: string, mode: string) => Promise<{ routes: Record<string, Entry> }>;
  };
  const config = await readConfig(path.resolve(__dirname, "../.."), "production");
  const entries = Object.values(config.routes);
  const build = (parentId: string | undefined): AgnosticRouteObject[] =>
    entries
      .filter((e) => e.parentId === parentId)
      .map((e) => {
        const children = build(e.id);
        return e.index
          ? { id: e.id, index: true, path: e.path, caseSensitive: e.caseSensitive }
          : { id: e.id, path: e.path, caseSensitive: e.caseSensitive, ...(children.length ? { children } : {}) };
      });
  return build(undefined);
}

const ids = (m: ReturnType<typeof matchRoutes>) => m?.map((x) => ({ id: x.route.id, params: x.params, pathname: x.pathname, base: x.pathnameBase })) ?? null;

describe("route matching patch (decision 017)", () => {
  let routes: AgnosticRouteObject[];
  let paths: string[];
  beforeAll(async () => {
    routes = await appRoutes();
    const all: string[] = [];
    const walk = (rs: AgnosticRouteObject[], prefix: string) => {
      for (const r of rs) {
        const p = r.path ? `${prefix}/${r.path}` : prefix;
        all.push(p || "/");
        if (r.children) walk(r.children, p);
      }
    };
    walk(routes, "");
    paths = [...new Set(all)];
  }, 60_000);

  it("reads the app's route tree", () => {
    expect(paths.length).toBeGreaterThan(40);
    expect(paths).toContain("/works/:registrationNumber");
    expect(ids(matchRoutes(routes, "/works/JDZ-2026-000001-7"))?.at(-1)?.id).toBe("routes/works+/$registrationNumber");
  });

  it("matches every route path, filled in, as the full scan does", () => {
    for (const p of paths) {
      const filled = p.replace(/:[\w-]+\??/g, "x-1").replace(/\*$/, "a/b");
      for (const variant of [filled, filled.toUpperCase(), `${filled}/`, `${filled}/extra`, filled.replace(/^\//, "//")]) {
        expect(ids(matchRoutes(routes, variant)), variant).toEqual(ids(UNSAFE_matchRoutesFullScan(routes, variant)));
      }
    }
  });

  it("matches arbitrary pathnames as the full scan does", () => {
    const segment = fc.oneof(
      fc.constantFrom(
        "works",
        "WORKS",
        "offers",
        "resources",
        "healthcheck",
        "verify",
        "cases",
        "new",
        "officer",
        "my",
        "",
        "JDZ-2026-000001-7",
        "瓷",
        "%E7%93%B7",
        "a.b",
        "K",
        "\u212Aworks",
      ),
      fc.string({ maxLength: 6 }),
    );
    // The router warns (console.warn) about every malformed percent-encoding; both sides meet them.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 5 }), fc.boolean(), (segments, trailing) => {
        const pathname = `/${segments.join("/")}${trailing ? "/" : ""}`;
        let expected: unknown;
        try {
          expected = ids(UNSAFE_matchRoutesFullScan(routes, pathname));
        } catch (e) {
          expect(() => matchRoutes(routes, pathname)).toThrow();
          return;
        }
        expect(ids(matchRoutes(routes, pathname))).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
    warn.mockRestore();
  });
});
