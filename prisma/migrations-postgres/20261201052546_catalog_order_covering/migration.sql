-- DropIndex
DROP INDEX "Work_status_registeredAt_registrationNumber_idx";

-- CreateIndex
CREATE INDEX "Work_status_registeredAt_registrationNumber_visibility_id_idx" ON "Work"("status", "registeredAt", "registrationNumber", "visibility", "id");

