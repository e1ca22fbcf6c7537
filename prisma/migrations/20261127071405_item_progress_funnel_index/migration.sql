-- DropIndex
DROP INDEX "ItemProgress_itemId_idx";

-- CreateIndex
CREATE INDEX "ItemProgress_itemId_enrollmentId_viewedAt_completedAt_watchedPercent_idx" ON "ItemProgress"("itemId", "enrollmentId", "viewedAt", "completedAt", "watchedPercent");
