-- DropIndex
DROP INDEX "ItemProgress_itemId_idx";

-- CreateIndex
CREATE INDEX "ItemProgress_itemId_enrollmentId_viewedAt_completedAt_watch_idx" ON "ItemProgress"("itemId", "enrollmentId", "viewedAt", "completedAt", "watchedPercent");
