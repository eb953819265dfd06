/**
 * The yearly-number allocator (app/domain/numbering) on the run's real database (SQLite, or
 * PostgreSQL with TEST_POSTGRES_URL): concurrent transactions get unique, consecutive numbers;
 * a rolled-back one takes none; scopes and years count apart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextInYear } from "~/domain/numbering/yearly-sequence.server";
import { createTestDb, type TestDb } from "../setup/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.cleanup());

describe("yearly sequences", () => {
  it("30 concurrent transactions get 1..30, each exactly once", async () => {
    const got = await Promise.all(
      Array.from({ length: 30 }, () => t.db.$transaction((tx) => nextInYear(tx, "case", 2031), { maxWait: 60_000, timeout: 60_000 })),
    );
    expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("a transaction that rolls back gives its number back", async () => {
    await expect(
      t.db.$transaction(async (tx) => {
        await nextInYear(tx, "license", 2031);
        throw new Error("later step failed");
      }),
    ).rejects.toThrow("later step failed");
    expect(await t.db.$transaction((tx) => nextInYear(tx, "license", 2031))).toBe(1);
  });

  it("counts each scope and year apart", async () => {
    expect(await t.db.$transaction((tx) => nextInYear(tx, "registration", 2031))).toBe(1);
    expect(await t.db.$transaction((tx) => nextInYear(tx, "registration", 2032))).toBe(1);
    expect(await t.db.$transaction((tx) => nextInYear(tx, "registration", 2031))).toBe(2);
    expect(await t.db.yearlySequence.findMany({ where: { year: 2031 }, orderBy: { scope: "asc" } })).toEqual([
      { scope: "case", year: 2031, last: 30 },
      { scope: "license", year: 2031, last: 1 },
      { scope: "registration", year: 2031, last: 2 },
    ]);
  });
});
