/**
 * The similarity index's change feed is written by SQLite triggers (see the migration
 * 20261130091045_crash_safety_idempotency), so every writer — the server, an import script,
 * a future second instance — feeds it inside its own transaction without knowing about it.
 * Prisma does not model triggers, and a later migration that redefines the Work or WorkView
 * table (CREATE new_…, DROP, RENAME) drops them silently: start-up re-creates missing ones.
 */
import type Database from "better-sqlite3";

const VIEW_INDEX_TRIGGERS: Record<string, string> = {
  WorkView_index_insert: `CREATE TRIGGER IF NOT EXISTS "WorkView_index_insert" AFTER INSERT ON "WorkView" BEGIN
  INSERT INTO "ViewIndexChange" ("viewId") VALUES (NEW."id");
END`,
  WorkView_index_update: `CREATE TRIGGER IF NOT EXISTS "WorkView_index_update" AFTER UPDATE OF "pdq", "workId" ON "WorkView" BEGIN
  INSERT INTO "ViewIndexChange" ("viewId") VALUES (NEW."id");
END`,
  WorkView_index_delete: `CREATE TRIGGER IF NOT EXISTS "WorkView_index_delete" AFTER DELETE ON "WorkView" BEGIN
  INSERT INTO "ViewIndexChange" ("viewId") VALUES (OLD."id");
END`,
  Work_index_status: `CREATE TRIGGER IF NOT EXISTS "Work_index_status" AFTER UPDATE OF "status" ON "Work" WHEN OLD."status" IS NOT NEW."status" BEGIN
  INSERT INTO "ViewIndexChange" ("viewId") SELECT "id" FROM "WorkView" WHERE "workId" = NEW."id";
END`,
};

/** Creates the missing triggers (a read when all exist; a write only when one is missing). */
export function ensureViewIndexTriggers(db: Database.Database): string[] {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ViewIndexChange'").get();
  if (!hasTable) return [];
  const existing = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]).map((r) => r.name));
  const missing = Object.keys(VIEW_INDEX_TRIGGERS).filter((n) => !existing.has(n));
  for (const name of missing) db.exec(VIEW_INDEX_TRIGGERS[name]!);
  if (missing.length) console.warn(`[startup] re-created similarity-index triggers: ${missing.join(", ")}`);
  return missing;
}
