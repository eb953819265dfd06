-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "payoutMadeOn" TIMESTAMP(3),
ADD COLUMN     "payoutReference" TEXT;

