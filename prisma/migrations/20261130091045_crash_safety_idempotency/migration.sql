-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("userId", "key")
);

-- CreateTable
CREATE TABLE "ImportedCatalogRow" (
    "fingerprint" TEXT NOT NULL PRIMARY KEY,
    "workId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ViewIndexChange" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "viewId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ImportedCatalogRow_workId_idx" ON "ImportedCatalogRow"("workId");

-- CreateIndex
CREATE INDEX "ViewIndexChange_createdAt_idx" ON "ViewIndexChange"("createdAt");

-- Change feed of the similarity index (not modelled by Prisma; app/startup/view-index-triggers.server.ts
-- re-creates them at start-up if a later table redefinition dropped them).
CREATE TRIGGER IF NOT EXISTS "WorkView_index_insert" AFTER INSERT ON "WorkView" BEGIN
  INSERT INTO "ViewIndexChange" ("viewId") VALUES (NEW."id");
END;
CREATE TRIGGER IF NOT EXISTS "WorkView_index_update" AFTER UPDATE OF "pdq", "workId" ON "WorkView" BEGIN
  INSERT INTO "ViewIndexChange" ("viewId") VALUES (NEW."id");
END;
CREATE TRIGGER IF NOT EXISTS "WorkView_index_delete" AFTER DELETE ON "WorkView" BEGIN
  INSERT INTO "ViewIndexChange" ("viewId") VALUES (OLD."id");
END;
CREATE TRIGGER IF NOT EXISTS "Work_index_status" AFTER UPDATE OF "status" ON "Work" WHEN OLD."status" IS NOT NEW."status" BEGIN
  INSERT INTO "ViewIndexChange" ("viewId") SELECT "id" FROM "WorkView" WHERE "workId" = NEW."id";
END;
