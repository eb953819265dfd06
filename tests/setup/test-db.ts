/**
 * A fresh database per test file, built from the committed migrations: SQLite by default (a
 * migrated template is made once per run, then copied: `prisma migrate deploy` takes seconds);
 * PostgreSQL when TEST_POSTGRES_URL is set (postgres-test-db.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { applySqliteMigrations, syncRolesAndPermissions } from "~/startup/prepare-database.server";
import { createPrismaClient, setDbForTests } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { signUp } from "~/domain/accounts/sign-up.server";
import { resetViewIndex } from "~/domain/registry/view-index.server";
import { mailDispatchIdle, startMailListener } from "~/domain/mail/dispatch-mail.server";
import { renditionsIdle } from "~/domain/imaging/ingest-image.server";
import type { RoleName } from "~/utils/permissions";
import { createPostgresTestDatabase, testPostgresUrl } from "./postgres-test-db";

const TEMPLATE_DIR = path.join(os.tmpdir(), "kilnmark-test-template");

function migrationsDigest(): string {
  const dir = path.resolve("prisma/migrations");
  const h = crypto.createHash("sha256");
  for (const d of fs.readdirSync(dir).sort()) {
    const f = path.join(dir, d, "migration.sql");
    if (fs.existsSync(f)) h.update(d).update(fs.readFileSync(f));
  }
  return h.digest("hex").slice(0, 16);
}

function templatePath(): string {
  const file = path.join(TEMPLATE_DIR, `template-${migrationsDigest()}.db`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    applySqliteMigrations(`file:${tmp}`);
    // Fold the WAL back so one file is a complete copy.
    fs.renameSync(tmp, file);
    for (const ext of ["-wal", "-shm"]) fs.rmSync(tmp + ext, { force: true });
  }
  return file;
}

export type TestDb = { db: PrismaClient; dataDir: string; url: string; cleanup: () => Promise<void> };

export async function createTestDb(): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-test-"));
  const postgres = testPostgresUrl();
  let url: string;
  let dropDatabase = async () => {};
  if (postgres) {
    const created = await createPostgresTestDatabase(postgres);
    url = created.url;
    dropDatabase = created.drop;
  } else {
    const file = path.join(dataDir, "test.db");
    fs.copyFileSync(templatePath(), file);
    url = `file:${file}`;
  }
  process.env.DATABASE_URL = url;
  process.env.DATA_DIR = dataDir;
  // Offline settlement needs the exchange center's bank account (unset, approvals are refused).
  process.env.BANK_NAME ??= "Test Bank Jingdezhen Branch";
  process.env.BANK_ACCOUNT_NAME ??= "Test Exchange Center";
  process.env.BANK_ACCOUNT_NUMBER ??= "6222 0000 0000 0000";
  resetEnvCache();
  const db = createPrismaClient(url);
  if (!postgres) await db.$executeRawUnsafe("PRAGMA journal_mode = WAL");
  await setDbForTests(db);
  resetViewIndex();
  await syncRolesAndPermissions(db);
  // PostgreSQL: queued mail is dispatched on the commit's notification, as in the server.
  const mailListener = postgres ? startMailListener(url) : undefined;
  await mailListener?.ready;
  return {
    db,
    dataDir,
    url,
    cleanup: async () => {
      // Mail queued by the file's last use-cases is sent after their transactions: let it finish
      // before the database goes, so nothing runs (or logs) after the test file has ended.
      await mailListener?.stop();
      await mailDispatchIdle();
      await renditionsIdle(); // display derivatives and features published after the last commits
      await db.$disconnect();
      await setDbForTests(undefined);
      resetViewIndex();
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
export async function createTestUser(
  db: PrismaClient,
  role: RoleName,
  overrides: { email?: string; name?: string; password?: string; emailVerified?: boolean } = {},
) {
  counter++;
  const email = overrides.email ?? `${role}${counter}-${crypto.randomBytes(3).toString("hex")}@test.kilnmark`;
  const password = overrides.password ?? "correct horse battery";
  const user = await signUp({
    db,
    name: overrides.name ?? `${role} ${counter}`,
    email,
    password,
    role,
    locale: "en",
    emailVerified: overrides.emailVerified ?? true,
  });
  return { ...user, password };
}
