import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, readOrCreateSecret } from "./env.server";

describe("environment", () => {
  it("runs embedded with nothing set", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ DATABASE_URL: "file:./data/kilnmark.db", DATA_DIR: "./data", PORT: 3000, EXCHANGE_FEE_BPS: 1000 });
    expect(env.STRIPE_SECRET_KEY).toBeUndefined();
    expect(env.ANCHOR_RPC_URL).toBeUndefined();
  });

  it("reports one clear line per bad value", () => {
    try {
      parseEnv({ PORT: "eighty", EXCHANGE_FEE_BPS: "20000", ANCHOR_RPC_URL: "not a url", STRIPE_SECRET_KEY: "pk_test_x", PUBLIC_PAGE_CACHE_MB: "lots" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      const problems = (e as EnvError).problems.join("\n");
      expect(problems).toMatch(/^PORT must be a number/m);
      expect(problems).toMatch(/^EXCHANGE_FEE_BPS must be between 0 and 10000/m);
      expect(problems).toMatch(/^ANCHOR_RPC_URL must be a URL/m);
      expect(problems).toMatch(/^STRIPE_SECRET_KEY must look like sk_test_/m);
      expect(problems).toMatch(/^PUBLIC_PAGE_CACHE_MB must be a number of megabytes/m);
    }
    expect(() => parseEnv({ PUBLIC_PAGE_CACHE_MB: "-1" })).toThrow(/PUBLIC_PAGE_CACHE_MB must be between 0 and 4096/);
    expect(() => parseEnv({ PUBLIC_PAGE_CACHE_MB: "1.5" })).toThrow(/PUBLIC_PAGE_CACHE_MB must be a whole number of megabytes/);
    expect(parseEnv({}).PUBLIC_PAGE_CACHE_MB).toBe(64);
    expect(parseEnv({ PUBLIC_PAGE_CACHE_MB: "0" }).PUBLIC_PAGE_CACHE_MB).toBe(0);
  });

  it("requires the companions of optional integrations", () => {
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "sk_test_abc" })).toThrow(/STRIPE_WEBHOOK_SECRET is required/);
    expect(() => parseEnv({ ANCHOR_RPC_URL: "http://127.0.0.1:8545" })).toThrow(/ANCHOR_PRIVATE_KEY is required/);
    expect(() => parseEnv({ ANCHOR_RPC_URL: "http://127.0.0.1:8545" })).toThrow(/ANCHOR_CHAIN_ID is required/);
    expect(() => parseEnv({ ANCHOR_CHAIN_ID: "zero" })).toThrow(/ANCHOR_CHAIN_ID must be a number/);
  });

  it("counts trusted proxy hops (TRUST_PROXY), accepting the old true/1", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: "" }).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: "0" }).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    for (const bad of ["yes", "-1", "1.5", "loopback"]) expect(() => parseEnv({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY must be/);
    expect(() => parseEnv({ LOGIN_LOCKOUT_SECONDS: "600", LOGIN_LOCKOUT_MAX_SECONDS: "60" })).toThrow(
      /LOGIN_LOCKOUT_MAX_SECONDS must be at least LOGIN_LOCKOUT_SECONDS/,
    );
  });

  it("generates the session secret once, private to the owner", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "km-env-"));
    const a = readOrCreateSecret(dir, "session-secret");
    const b = readOrCreateSecret(dir, "session-secret");
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(path.join(dir, "session-secret")).mode & 0o777).toBe(0o600);
  });
});
