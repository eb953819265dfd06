import { afterEach, describe, expect, it, vi } from "vitest";

const SECRET = "x".repeat(40);
const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

/** session.server reads the environment once: load a fresh copy under the given PUBLIC_URL. */
async function cookiesUnder(publicUrl: string | undefined, nodeEnv: "production" | "development") {
  vi.resetModules();
  process.env = { ...saved, SESSION_SECRET: SECRET, NODE_ENV: nodeEnv };
  if (publicUrl === undefined) delete process.env.PUBLIC_URL;
  else process.env.PUBLIC_URL = publicUrl;
  const env = await import("./env.server");
  env.resetEnvCache();
  const s = await import("./session.server");
  const storage = s.sessionStorage();
  const session = await storage.getSession();
  session.set("sessionId", "abc");
  return { session: await storage.commitSession(session), locale: await s.localeCookie.serialize("en") };
}

describe("cookie flags", () => {
  it("https PUBLIC_URL: session and language cookies are Secure (whatever NODE_ENV)", async () => {
    for (const nodeEnv of ["production", "development"] as const) {
      const c = await cookiesUnder("https://kilnmark.example", nodeEnv);
      expect(c.session).toMatch(/;\s*Secure/i);
      expect(c.session).toMatch(/HttpOnly/i);
      expect(c.session).toMatch(/SameSite=Lax/i);
      expect(c.locale).toMatch(/;\s*Secure/i);
    }
  });

  it("plain http or no PUBLIC_URL: not Secure (the browser would drop them)", async () => {
    for (const url of ["http://localhost:3000", undefined]) {
      const c = await cookiesUnder(url, "production");
      expect(c.session).not.toMatch(/Secure/i);
      expect(c.locale).not.toMatch(/Secure/i);
    }
  });
});
