-- AlterTable
ALTER TABLE "Payment" ADD COLUMN "payoutMadeOn" DATETIME;
ALTER TABLE "Payment" ADD COLUMN "payoutReference" TEXT;

