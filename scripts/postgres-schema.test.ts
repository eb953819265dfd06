import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, postgresSchema, SQLITE_SCHEMA } from "./postgres-schema";

describe("the PostgreSQL schema", () => {
  it("is the committed derivation of prisma/schema.prisma (run `npx tsx scripts/postgres-schema.ts` after a schema change)", () => {
    expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("differs only in the provider, the placeholder URL and the client's output folder", () => {
    const pg = postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).toContain('output     = "../../node_modules/.prisma/client-postgres"');
    expect(pg).not.toContain('provider = "sqlite"');
    const models = (s: string) => s.slice(s.indexOf("\nmodel "));
    expect(models(pg)).toBe(models(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("refuses a source it cannot rewrite instead of writing a wrong schema", () => {
    expect(() => postgresSchema("model A { id Int @id }")).toThrow(/not found/);
  });
});
