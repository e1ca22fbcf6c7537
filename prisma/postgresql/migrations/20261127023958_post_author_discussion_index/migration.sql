-- DropIndex
DROP INDEX "Post_authorId_idx";

-- CreateIndex
CREATE INDEX "Post_authorId_discussionId_idx" ON "Post"("authorId", "discussionId");
