import { execFileSync } from "node:child_process";
import path from "node:path";
import { createRequire } from "node:module";
import Database from "better-sqlite3";
import type { PrismaClient } from "@prisma/client";
import { sqlitePathFromUrl } from "~/utils/env.server";
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from "~/utils/permissions";

const require = createRequire(import.meta.url);

/** Apply committed migrations with Prisma's own migrator (offline: JS engine + adapter). */
export function applyMigrations(databaseUrl: string, cwd = process.cwd()) {
  const prismaCli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
  execFileSync(process.execPath, [prismaCli, "migrate", "deploy"], {
    cwd,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (databaseUrl.startsWith("file:")) {
    // WAL lets readers proceed while one writer commits; the mode is stored in the file.
    const db = new Database(sqlitePathFromUrl(databaseUrl));
    db.pragma("journal_mode = WAL");
    db.close();
  }
}

/** Roles and permissions follow app/utils/permissions.ts; idempotent, run at every start. */
export async function syncRolesAndPermissions(db: PrismaClient) {
  for (const [key, description] of Object.entries(PERMISSIONS)) {
    await db.permission.upsert({ where: { key }, create: { key, description }, update: { description } });
  }
  for (const name of ROLES) {
    const keys = ROLE_PERMISSIONS[name];
    await db.role.upsert({
      where: { name },
      create: { name, permissions: { connect: keys.map((key) => ({ key })) } },
      update: { permissions: { set: keys.map((key) => ({ key })) } },
    });
  }
}
