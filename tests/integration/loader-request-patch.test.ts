import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// patches/@remix-run+server-runtime+2.17.5.patch (decision 017): Remix gives each loader a copy of
// the request with its `index` and `_data` parameters removed, building a new Request for each
// removal. The patch passes the request on as it is when nothing would change (no body, same URL).
// This proves the loader still sees exactly what it saw before, and that the copies are skipped.

type LoaderArgs = { request: Request };
type CallRouteLoader = (o: {
  loader: (a: LoaderArgs) => unknown;
  request: Request;
  routeId: string;
  params: object;
  loadContext: unknown;
  singleFetch: boolean;
}) => Promise<Response>;
const require = createRequire(import.meta.url);
const { callRouteLoader } = require("@remix-run/server-runtime/dist/data.js") as { callRouteLoader: CallRouteLoader };

async function seen(request: Request): Promise<Request> {
  let got: Request | undefined;
  await callRouteLoader({
    loader: ({ request: r }) => {
      got = r;
      return null;
    },
    request,
    routeId: "routes/test",
    params: {},
    loadContext: {},
    singleFetch: false,
  });
  return got!;
}

describe("loader request patch (decision 017)", () => {
  it("a document GET with nothing to strip reaches the loader as the same request", async () => {
    for (const url of ["http://localhost/works", "http://localhost/works?q=%E7%93%B6&page=2", "http://localhost/works/JDZ-2025-000001-7"]) {
      const request = new Request(url, { headers: { "accept-language": "zh-CN" } });
      const r = await seen(request);
      expect(r).toBe(request);
      expect(r.url).toBe(url);
    }
  });

  it("the parameters Remix strips are still stripped, into a new request with the same headers and signal", async () => {
    const controller = new AbortController();
    const request = new Request("http://localhost/works?index&_data=routes%2Fworks&q=a&index=keep", { headers: { cookie: "a=b" }, signal: controller.signal });
    const r = await seen(request);
    expect(r).not.toBe(request);
    expect(new URL(r.url).search).toBe("?q=a&index=keep");
    expect(r.headers.get("cookie")).toBe("a=b");
    controller.abort();
    expect(r.signal.aborted).toBe(true);
  });

  it("a URL the strip would re-encode gets the re-encoded copy, as before the patch", async () => {
    const r = await seen(new Request("http://localhost/works?q=a%20b"));
    expect(r.url).toBe("http://localhost/works?q=a+b");
  });

  it("a request with a body is still copied, its body intact", async () => {
    const request = new Request("http://localhost/works", { method: "POST", body: "x=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    const r = await seen(request);
    expect(r).not.toBe(request);
    expect(await r.text()).toBe("x=1");
  });
});
