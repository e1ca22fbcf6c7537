-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN "completedAt" DATETIME;
ALTER TABLE "Enrollment" ADD COLUMN "disputedAt" DATETIME;
ALTER TABLE "Enrollment" ADD COLUMN "revokedReason" TEXT;
