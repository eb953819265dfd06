import { describe, expect, it } from "vitest";
import { describeDatabaseError, redactDatabaseUrl } from "./database-errors.server";

describe("start-up database errors", () => {
  it("names the cause in one line, without the password", () => {
    const url = "postgresql://app:s3cret@db.internal:5432/kilnmark";
    const line = describeDatabaseError(url, Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:5432"), { code: "ECONNREFUSED" }));
    expect(line).toBe(
      "DATABASE_URL: cannot use the database at postgresql://app:***@db.internal:5432/kilnmark: nothing accepts connections at that host and port.",
    );
    expect(line).not.toContain("s3cret");
    expect(line.split("\n")).toHaveLength(1);
  });

  it("knows a missing database and a refused password by their PostgreSQL codes", () => {
    expect(describeDatabaseError("postgresql://u@h/x", Object.assign(new Error('database "x" does not exist'), { code: "3D000" }))).toMatch(
      /does not exist \(create it first/,
    );
    expect(describeDatabaseError("postgresql://u@h/x", Object.assign(new Error("password authentication failed"), { code: "28P01" }))).toMatch(
      /password was refused/,
    );
  });

  it("falls back to the first line of an unknown error", () => {
    expect(describeDatabaseError("file:/x.db", new Error("something odd\n    at stack"))).toBe(
      "DATABASE_URL: cannot use the database at file:/x.db: something odd.",
    );
    expect(redactDatabaseUrl("not a url")).toBe("(unparseable URL)");
  });
});
