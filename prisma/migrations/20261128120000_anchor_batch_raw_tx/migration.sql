-- AlterTable
ALTER TABLE "AnchorBatch" ADD COLUMN "nonce" INTEGER;
ALTER TABLE "AnchorBatch" ADD COLUMN "rawTransaction" TEXT;

