-- CreateIndex
CREATE INDEX "SubmissionComment_fileId_idx" ON "SubmissionComment"("fileId");

-- AddForeignKey
ALTER TABLE "SubmissionComment" ADD CONSTRAINT "SubmissionComment_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "StoredFile"("id") ON DELETE SET NULL ON UPDATE CASCADE;
